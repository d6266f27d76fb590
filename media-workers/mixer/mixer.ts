/**
 * A mixer: the audio of one conference room on one worker.
 *
 * @remarks
 * Every 20 ms of the worker's clock (drift-free, see `player/paced-sender.ts`) the mixer takes one
 * frame from each member's queue (`member-queue.ts`; nothing means silence this tick), runs each
 * member's talk detection on it (muted members included), sums the unmuted members' frames and
 * the frame of what `mixer.play` plays, records that sum when recording, and sends each member the
 * sum without its own frame (`mix-frame.ts`), encoded in the member's codec on its leg A outbound
 * stream: same SSRC and sequence continuity as the relay, the marker bit on the first mixed packet.
 * It sends every tick even when nobody speaks (silence frames), which keeps NAT bindings and the
 * phones' RTP timeouts alive. A member whose leg A plays a file or music (`leg.play`) or sends
 * DTMF hears that instead; the mix resumes when it ends (a new source on the stream, so a marker).
 */
import type { MediaClock } from '../clock.ts';
import { encodeG711, G711_CLOCK_RATE_HZ, G711_PAYLOAD_TYPES } from '../codecs/g711.ts';
import type { G711Codec } from '../codecs/g711.ts';
import type { MediaEvent, MediaSessionId, MixerId, MixerSnapshot, TalkDetection } from '../media-protocol.ts';
import { createFrameSource } from '../player/frame-source.ts';
import { startPacedSender } from '../player/paced-sender.ts';
import { RTP_FIXED_HEADER_BYTES } from '../rtp/rtp-packet.ts';
import type { MediaSession } from '../session/media-session.ts';
import { averageMagnitude, mixMinus, sumFrames } from './mix-frame.ts';
import { MemberQueue } from './member-queue.ts';
import { MixRecording } from './mix-recording.ts';
import { detectTalk, QUIET, talkSettings } from './talk-detector.ts';
import type { TalkState } from './talk-detector.ts';

/** Duration of one mixed frame. */
export const MIX_FRAME_MS = 20;
/** Samples in one mixed frame (8 kHz). */
export const MIX_FRAME_SAMPLES = (G711_CLOCK_RATE_HZ * MIX_FRAME_MS) / 1000;

type Member = {
  readonly session: MediaSession;
  readonly queue: MemberQueue;
  /** The member's frame of this tick. */
  readonly frame: Int16Array;
  /** Source of the mixed stream on the member's outbound stream (one per join, so each join starts with a marker). */
  readonly sourceKey: string;
  muted: boolean;
  talk: TalkState;
  /** Whether its frame is in this tick's total. */
  contributed: boolean;
};

type Announcement = { readonly file: string; readonly nextFrame: () => Int16Array | undefined };

/** One conference room's audio. */
export class Mixer {
  readonly mixerId: MixerId;
  readonly #clock: MediaClock;
  readonly #emit: (event: MediaEvent) => void;
  readonly #talkDetection: TalkDetection | undefined;
  readonly #talkSettings: Required<TalkDetection>;
  readonly #members = new Map<MediaSessionId, Member>();
  readonly #announcements: Announcement[] = [];
  readonly #contributions: Int16Array[] = [];
  readonly #total = new Int32Array(MIX_FRAME_SAMPLES);
  readonly #heard = new Int16Array(MIX_FRAME_SAMPLES);
  readonly #encodedTotal = new Map<G711Codec, Uint8Array>();
  readonly #stopTicking: () => void;
  #recording: MixRecording | undefined;
  #joins = 0;

  constructor(mixerId: MixerId, talkDetection: TalkDetection | undefined, clock: MediaClock, emit: (event: MediaEvent) => void) {
    this.mixerId = mixerId;
    this.#clock = clock;
    this.#emit = emit;
    this.#talkDetection = talkDetection;
    this.#talkSettings = talkSettings(talkDetection);
    const tickFrame = new Int16Array(0);
    this.#stopTicking = startPacedSender({ clock, frameMs: MIX_FRAME_MS, nextFrame: () => tickFrame, send: (_frame, frameIndex) => this.#tick(frameIndex), onEnd: () => undefined });
  }

  /** Whether the session's leg A is a member. */
  has(sessionId: MediaSessionId): boolean {
    return this.#members.has(sessionId);
  }

  /** Number of members. */
  get size(): number {
    return this.#members.size;
  }

  /** The file being recorded, when recording. */
  get recordingFile(): string | undefined {
    return this.#recording?.file;
  }

  /** Makes the session's leg A a member: its audio comes here and it hears the others. */
  join(session: MediaSession, muted: boolean): void {
    this.#joins += 1;
    const sourceKey = `mixer:${this.mixerId}:${this.#joins}`;
    const member: Member = { session, queue: new MemberQueue(MIX_FRAME_SAMPLES), frame: new Int16Array(MIX_FRAME_SAMPLES), sourceKey, muted, talk: QUIET, contributed: false };
    this.#members.set(session.sessionId, member);
    session.setMixerInput((samples) => member.queue.push(samples));
  }

  /** Takes the session out (it relays A↔B again); reports the end of its talking when it was talking. */
  leave(sessionId: MediaSessionId): void {
    const member = this.#members.get(sessionId);
    if (member === undefined) return;
    this.#members.delete(sessionId);
    member.session.setMixerInput(undefined);
    if (member.talk.talking) this.#emit({ type: 'mixer.talk', mixerId: this.mixerId, sessionId, talking: false });
  }

  /** Mutes or unmutes a member; false when it is not a member. */
  mute(sessionId: MediaSessionId, muted: boolean): boolean {
    const member = this.#members.get(sessionId);
    if (member !== undefined) member.muted = muted;
    return member !== undefined;
  }

  /** Plays decoded sound into the mix after what already plays; `mixer.play_finished` at its end. */
  play(file: string, samples: Int16Array): void {
    this.#announcements.push({ file, nextFrame: createFrameSource({ tracks: [samples], samplesPerFrame: MIX_FRAME_SAMPLES, loop: false, order: 'sequential', random: Math.random }) });
  }

  /** Starts recording the mix into `file`; false when already recording. */
  record(file: string): boolean {
    if (this.#recording !== undefined) return false;
    this.#recording = new MixRecording(this.mixerId, file, this.#emit, () => {
      this.#recording = undefined;
    });
    return true;
  }

  /** Ends the recording, if any (its file is written and reported). */
  stopRecord(): void {
    this.#recording?.stop();
  }

  /** The mixer's portable state. */
  snapshot(): MixerSnapshot {
    return {
      v: 1,
      mixerId: this.mixerId,
      ...(this.#talkDetection === undefined ? {} : { talkDetection: this.#talkDetection }),
      members: [...this.#members].map(([sessionId, member]) => ({ sessionId, muted: member.muted })),
      ...(this.#recording === undefined ? {} : { recording: this.#recording.file }),
    };
  }

  /** Stops mixing: members relay A↔B again, the recording is written, announcements stop. */
  destroy(): void {
    this.#stopTicking();
    for (const sessionId of [...this.#members.keys()]) this.leave(sessionId);
    this.#announcements.length = 0;
    this.stopRecord();
  }

  #tick(frameIndex: number): void {
    const contributions = this.#contributions;
    contributions.length = 0;
    for (const [sessionId, member] of this.#members) {
      const sent = member.queue.take(member.frame);
      this.#detectTalk(sessionId, member, sent ? averageMagnitude(member.frame) : 0);
      member.contributed = sent && !member.muted && member.session.legA.config.muted !== true;
      if (member.contributed) contributions.push(member.frame);
    }
    const announcement = this.#nextAnnouncementFrame();
    if (announcement !== undefined) contributions.push(announcement);
    sumFrames(contributions, this.#total);
    if (this.#recording !== undefined) {
      mixMinus(this.#total, undefined, this.#heard);
      this.#recording.accept(this.#heard);
    }
    this.#encodedTotal.clear();
    for (const member of this.#members.values()) this.#send(member, frameIndex);
  }

  #detectTalk(sessionId: MediaSessionId, member: Member, energy: number): void {
    const step = detectTalk(member.talk, energy, MIX_FRAME_MS, this.#talkSettings);
    member.talk = step.state;
    if (step.changed) this.#emit({ type: 'mixer.talk', mixerId: this.mixerId, sessionId, talking: step.state.talking });
  }

  #nextAnnouncementFrame(): Int16Array | undefined {
    for (let current = this.#announcements[0]; current !== undefined; current = this.#announcements[0]) {
      const frame = current.nextFrame();
      if (frame !== undefined) return frame;
      this.#announcements.shift();
      this.#emit({ type: 'mixer.play_finished', mixerId: this.mixerId, file: current.file });
    }
    return undefined;
  }

  /** Sends a member its mix (the total without its own frame), unless its leg plays something else. */
  #send(member: Member, frameIndex: number): void {
    const contributed = member.contributed;
    const leg = member.session.legA;
    const nowMs = this.#clock.nowMs();
    if (leg.playback !== undefined || leg.dtmfUntilMs > nowMs) return;
    const codec = leg.config.codec;
    let payload = contributed ? undefined : this.#encodedTotal.get(codec);
    if (payload === undefined) {
      mixMinus(this.#total, contributed ? member.frame : undefined, this.#heard);
      payload = encodeG711(codec, this.#heard);
      if (!contributed) this.#encodedTotal.set(codec, payload);
    }
    const bytes = new Uint8Array(RTP_FIXED_HEADER_BYTES + payload.length);
    bytes[0] = 0x80;
    bytes.set(payload, RTP_FIXED_HEADER_BYTES);
    const stamped = leg.outbound.stamp(member.sourceKey, frameIndex & 0xffff, (frameIndex * MIX_FRAME_SAMPLES) >>> 0, false, nowMs);
    leg.sendRtp(bytes, { ...stamped, payloadType: G711_PAYLOAD_TYPES[codec], ssrc: leg.outbound.ssrc });
  }
}
