/**
 * Sends DTMF digits to a leg's far end as RFC 4733 telephone events (calld's `PUT /calls/{id}/dtmf`).
 *
 * @remarks
 * Each digit is one event of {@link DTMF_TONE_MS}: an update every 20 ms whose duration grows, the
 * marker bit on its first packet, all packets of the event carrying the event's start timestamp,
 * and the end packet sent three times (RFC 4733 §2.5.1.2 to §2.5.1.4). Digits are
 * {@link DTMF_GAP_MS} apart. The digits are one source of the leg's outbound stream; relayed media
 * towards the leg waits until they are sent, and a second request queues after the first.
 */
import { randomUUID } from 'node:crypto';
import type { MediaClock } from '../clock.ts';
import { G711_CLOCK_RATE_HZ } from '../codecs/g711.ts';
import { MEDIA_ERROR_CODES, mediaFailure, type MediaFailure } from '../errors.ts';
import { RTP_FIXED_HEADER_BYTES } from '../rtp/rtp-packet.ts';
import { serializeTelephoneEvent } from '../rtp/telephone-event.ts';
import type { MediaLeg } from '../session/media-leg.ts';

export const DTMF_TONE_MS = 100;
export const DTMF_GAP_MS = 100;
const UPDATE_MS = 20;
const END_COPIES = 3;
const VOLUME_DBM0 = 10;
/** The DTMF events 0-15 of RFC 4733 §3.2. */
const DTMF_EVENTS = '0123456789*#ABCD';

/** One packet to send: when (ms after the start), which event, and its header fields. */
export interface DtmfPacket {
  readonly offsetMs: number;
  readonly event: number;
  readonly end: boolean;
  /** The event's duration so far, in timestamp units. */
  readonly duration: number;
  readonly marker: boolean;
  /** The event's start, in timestamp units from the first event. */
  readonly timestamp: number;
  readonly sequence: number;
}

/** Whether `digits` are DTMF digits (0-9, *, #, A-D), at least one. */
export function isDtmfDigits(digits: string): boolean {
  return /^[0-9*#A-D]+$/.test(digits);
}

/** The packets of `digits`, in sending order. */
export function dtmfSchedule(digits: string): DtmfPacket[] {
  const samplesPerMs = G711_CLOCK_RATE_HZ / 1000;
  const packets: DtmfPacket[] = [];
  [...digits].forEach((digit, index) => {
    const startMs = index * (DTMF_TONE_MS + DTMF_GAP_MS);
    const event = DTMF_EVENTS.indexOf(digit);
    const timestamp = startMs * samplesPerMs;
    for (let updateMs = 0; updateMs < DTMF_TONE_MS - UPDATE_MS; updateMs += UPDATE_MS) {
      packets.push({ offsetMs: startMs + updateMs, event, end: false, duration: (updateMs + UPDATE_MS) * samplesPerMs, marker: updateMs === 0, timestamp, sequence: packets.length });
    }
    for (let copy = 0; copy < END_COPIES; copy += 1) {
      packets.push({ offsetMs: startMs + DTMF_TONE_MS - UPDATE_MS + copy * UPDATE_MS, event, end: true, duration: DTMF_TONE_MS * samplesPerMs, marker: false, timestamp, sequence: packets.length });
    }
  });
  return packets;
}

/** Starts sending `digits` to `leg`'s far end; a failure when the digits are not DTMF or the leg negotiated no telephone events. */
export function sendDtmf(leg: MediaLeg, digits: string, clock: MediaClock): MediaFailure | undefined {
  if (typeof digits !== 'string' || digits.length > 256 || !isDtmfDigits(digits)) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, `DTMF digits ${JSON.stringify(digits)} are not 0-9, *, #, A-D`);
  const payloadType = leg.config.telephoneEventPt;
  if (payloadType === undefined) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, `leg ${leg.name} negotiated no telephone-event: DTMF cannot be sent`);
  const schedule = dtmfSchedule(digits);
  const startMs = Math.max(clock.nowMs(), leg.dtmfUntilMs);
  const source = `dtmf:${randomUUID()}`;
  const last = schedule.at(-1)?.offsetMs ?? 0;
  leg.dtmfUntilMs = startMs + last + UPDATE_MS;
  for (const packet of schedule) {
    clock.at(startMs + packet.offsetMs, () => {
      const bytes = new Uint8Array(RTP_FIXED_HEADER_BYTES + 4);
      bytes[0] = 0x80;
      bytes.set(serializeTelephoneEvent({ event: packet.event, end: packet.end, volume: VOLUME_DBM0, duration: packet.duration }), RTP_FIXED_HEADER_BYTES);
      const stamped = leg.outbound.stamp(source, packet.sequence, packet.timestamp, packet.marker, clock.nowMs());
      leg.sendRtp(bytes, { ...stamped, payloadType: leg.config.telephoneEventPt ?? payloadType, ssrc: leg.outbound.ssrc });
    });
  }
  return undefined;
}
