/**
 * Plays decoded sound into one leg, replacing the relayed audio towards it.
 *
 * @remarks
 * Frames of 20 ms (160 samples at 8 kHz, the RFC 3551 §4.5 default packetization) are encoded in
 * the leg's codec at send time (so a codec change by re-INVITE applies at once) and sent as their
 * own source on the leg's outbound stream: sequence numbers and timestamps go on from the relayed
 * stream, with the marker bit on the first frame, and the relay resynchronises the same way when
 * the playback ends.
 */
import { randomUUID } from 'node:crypto';
import type { MediaClock } from '../clock.ts';
import { encodeG711, G711_CLOCK_RATE_HZ, G711_PAYLOAD_TYPES } from '../codecs/g711.ts';
import type { PlaySource } from '../media-protocol.ts';
import { RTP_FIXED_HEADER_BYTES } from '../rtp/rtp-packet.ts';
import type { MediaLeg, Playback } from '../session/media-leg.ts';
import { createFrameSource } from './frame-source.ts';
import { startPacedSender } from './paced-sender.ts';

/** Duration of one played frame. */
export const PLAYBACK_FRAME_MS = 20;
const SAMPLES_PER_FRAME = (G711_CLOCK_RATE_HZ * PLAYBACK_FRAME_MS) / 1000;

/** Options of {@link startLegPlayback}. */
export type LegPlaybackOptions = {
  readonly clock: MediaClock;
  readonly random: () => number;
  /** Called when a non-looping source has played to its end. */
  readonly onEnd: () => void;
};

/** Starts playing `tracks` into `leg` (looping for music on hold) and marks the leg as playing. */
export function startLegPlayback(leg: MediaLeg, source: PlaySource, tracks: readonly Int16Array[], options: LegPlaybackOptions): Playback {
  leg.playback?.stop();
  const sourceKey = `player:${randomUUID()}`;
  const nextFrame = createFrameSource({
    tracks,
    samplesPerFrame: SAMPLES_PER_FRAME,
    loop: source.type === 'moh',
    order: source.type === 'moh' ? source.order : 'sequential',
    random: options.random,
  });
  const send = (frame: Int16Array, frameIndex: number): void => {
    const payload = encodeG711(leg.config.codec, frame);
    const bytes = new Uint8Array(RTP_FIXED_HEADER_BYTES + payload.length);
    bytes[0] = 0x80;
    bytes.set(payload, RTP_FIXED_HEADER_BYTES);
    const stamped = leg.outbound.stamp(sourceKey, frameIndex & 0xffff, (frameIndex * SAMPLES_PER_FRAME) >>> 0, false, options.clock.nowMs());
    leg.sendRtp(bytes, { ...stamped, payloadType: G711_PAYLOAD_TYPES[leg.config.codec], ssrc: leg.outbound.ssrc });
  };
  let stopSender: () => void = () => undefined;
  const playback: Playback = {
    source,
    stop: () => {
      stopSender();
      if (leg.playback === playback) leg.playback = undefined;
    },
  };
  leg.playback = playback;
  stopSender = startPacedSender({
    clock: options.clock,
    frameMs: PLAYBACK_FRAME_MS,
    nextFrame,
    send,
    onEnd: () => {
      if (leg.playback === playback) leg.playback = undefined;
      options.onEnd();
    },
  });
  return playback;
}
