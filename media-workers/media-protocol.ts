/**
 * The commands, replies and events exchanged between the main thread and the media workers.
 *
 * @remarks
 * Everything here is plain data (no class instances, functions or `Date`s; times are epoch ms) so
 * that it survives structured clone between worker threads and serialisation between nodes
 * (style guide §7.5). Commands are imperative (`session.create`), events past tense
 * (`session.created`). Failures are values carrying a stable `PBX_ERR_MEDIA_*` code.
 *
 * A session relays its two legs A and B. For transfers and relocates it can hold a third, consult
 * leg C for a while, so that the phones that stay keep their RTP address, SSRC and sequence:
 * - `leg.add { leg: 'C', config }` binds leg C with a fresh outbound stream, outside the relay;
 *   reply `leg.added`. Fails when C exists (`PBX_ERR_MEDIA_LEG_EXISTS`), its port is A's or B's
 *   (`PBX_ERR_MEDIA_INVALID_COMMAND`) or is bound already (`PBX_ERR_MEDIA_PORT_IN_USE`).
 * - `session.bridge { legs }` chooses which two legs relay (A↔B by default); the third gets
 *   nothing relayed and what it sends is dropped and counted (it can still be played to).
 * - `leg.promote { from: 'C', into }` closes the leg in slot `into` and C takes its slot and name,
 *   keeping its sockets, latching, outbound stream, playback and config; the relay is A↔B again.
 *   Reply `leg.promoted` with the closed leg's counters; events then name the leg by its new slot.
 * - `leg.remove { leg: 'C' }` closes C; the relay is A↔B again. Reply `leg.removed` with C's counters.
 *   While C's port is still being bound it cancels the add instead (both then fail with
 *   `PBX_ERR_MEDIA_LEG_NOT_FOUND`); the pool sends it when a `leg.add` times out.
 * - `session.update`, `leg.play`, `leg.stop_play` and `leg.dtmf` accept leg C while it exists.
 * Bridging, promoting or removing without C fails with `PBX_ERR_MEDIA_LEG_NOT_FOUND`, as do the
 * leg commands naming an absent C.
 *
 * A mixer is the audio of one conference room (seed CF-17), hosted by one worker:
 * - `mixer.create { mixerId, talkDetection? }` places it on the least-loaded worker; reply
 *   `mixer.created`. Fails when it exists (`PBX_ERR_MEDIA_MIXER_EXISTS`).
 * - `mixer.join { mixerId, sessionId, muted? }` makes the session's leg A a member. The pool first
 *   moves the session onto the mixer's worker when it lives on another one (snapshot, destroy,
 *   re-create on the same ports with the same SSRCs and sequence, playback kept), so a room's
 *   members always share a worker. A session is a member of one mixer at most
 *   (`PBX_ERR_MEDIA_ALREADY_MEMBER`). While a member, leg A's audio goes to the mixer and not to
 *   leg B, nothing is relayed towards leg A but the mix, its digits (RFC 4733 and in-band) are still
 *   reported as `leg.dtmf`; `leg.play` on leg A plays to that member instead of the mix (its audio
 *   still reaches the mix) and the mix resumes when the play ends.
 * - Every 20 ms each member is sent the clipped sum of the other unmuted members' latest frames and
 *   of what `mixer.play` plays, in its own codec on its leg A outbound stream (marker bit at the
 *   start of the mixed stream); silence frames when nobody speaks, to a member alone too.
 * - `mixer.leave` (or `session.destroy`) takes a member out; the session relays A↔B again.
 *   `mixer.mute` leaves a member's audio out of the mix; it still hears the others. Leaving or muting
 *   a session that is not a member fails with `PBX_ERR_MEDIA_NOT_MEMBER`.
 * - Talk detection runs on every member, muted or not: `mixer.talk { talking }` (also `false` when a
 *   talking member leaves).
 * - `mixer.play { file }` queues a sound after what the mixer already plays; it replies once the file
 *   is loaded. A file that cannot be loaded fails the command and is reported as `mixer.play_failed`
 *   too; `mixer.play_finished` when it has played.
 * - `mixer.record { file }` records the whole mix (8 kHz 16-bit mono WAV) until `mixer.stop_record`,
 *   `mixer.destroy` or two hours, then `mixer.record_finished`; `mixer.record_failed` when the file
 *   cannot be written; a second one while recording fails with `PBX_ERR_MEDIA_ALREADY_RECORDING`.
 * - `mixer.destroy` ends it: members relay A↔B again, a recording is written.
 * Commands naming an unknown mixer fail with `PBX_ERR_MEDIA_MIXER_NOT_FOUND`. When a mixer's worker
 * dies, the pool restores its members' sessions and the mixer on one live worker, re-joins them
 * with their mute state, goes on recording into the same file (what the dead worker had buffered is
 * lost) and reports `mixer.recovered` (after each member's `session.recovered`).
 */
import type { G711Codec } from './codecs/g711.ts';
import type { MediaFailure } from './errors.ts';
import type { RecordStopReason } from './recorder/leg-recorder.ts';
import type { ReceiveCounters } from './rtp/receive-statistics.ts';

export type { G711Codec } from './codecs/g711.ts';
export type { MediaErrorCode, MediaFailure } from './errors.ts';
export type { ReceiveCounters } from './rtp/receive-statistics.ts';
export type { RecordStopReason } from './recorder/leg-recorder.ts';

/** Identifies one media session (the media of one bridged call). */
export type MediaSessionId = string & { readonly __brand: 'MediaSessionId' };

/** Identifies one mixer: the audio of one conference room on this node. */
export type MixerId = string & { readonly __brand: 'MixerId' };

/** Talk detection of a mixer's members (Asterisk ConfBridge's `dsp_talking_threshold` / `dsp_silence_threshold`). */
export type TalkDetection = {
  /** Average absolute sample value (16-bit linear) above which a frame counts as speech; default 256. */
  readonly energyThreshold?: number;
  /** Speech lasting this long starts talking; default 160 ms. */
  readonly talkingMs?: number;
  /** Silence lasting this long stops talking; default 2500 ms. */
  readonly silenceMs?: number;
};

/** A mixer's portable state: what the pool needs to re-create it on another worker. */
export type MixerSnapshot = {
  readonly v: 1;
  readonly mixerId: MixerId;
  readonly talkDetection?: TalkDetection;
  readonly members: readonly { readonly sessionId: MediaSessionId; readonly muted: boolean }[];
  /** The WAV file the mix is being recorded into, when it is. */
  readonly recording?: string;
};

/** A session's two legs. */
export type LegName = 'A' | 'B';

/** A session's two legs and its consult leg (present during a transfer or relocate). */
export type AnyLegName = LegName | 'C';

/** Two legs relayed to each other (the third, if any, is outside the relay). */
export type BridgedLegs = readonly ['A', 'B'] | readonly ['A', 'C'] | readonly ['B', 'C'];

/** An IP address and UDP port. */
export type TransportAddress = { readonly address: string; readonly port: number };

/** How one leg is set up, from the SDP offer/answer of its dialog. */
export type LegConfig = {
  /** Even local RTP port; RTCP uses `rtpPort + 1`. Allocation is the caller's job. */
  readonly rtpPort: number;
  /** Where to send before the far end's first packet re-points it (symmetric RTP latching). */
  readonly remote?: TransportAddress;
  readonly codec: G711Codec;
  /** Payload type of RFC 4733 telephone-event on this leg, when negotiated. */
  readonly telephoneEventPt?: number;
  /** RTCP multiplexed on the RTP port (RFC 5761), when negotiated. */
  readonly rtcpMux?: boolean;
  /** The audio this leg's far end sends is not relayed to the other leg (calld's mute); telephone events still are. */
  readonly muted?: boolean;
  /**
   * Detect DTMF sent in-band (dual tones in the audio) and report it as `leg.dtmf`, like RFC 4733
   * digits; off by default. The audio is still relayed. Ignored while `telephoneEventPt` is set:
   * a leg that negotiated RFC 4733 reports its telephone events only, so a phone that sends a key
   * both ways is not heard twice.
   */
  readonly inbandDtmf?: boolean;
};

/** The state of the stream the relay sends towards one leg (RFC 3550 §5.1 fields). */
export type OutboundStreamSnapshot = {
  readonly ssrc: number;
  readonly nextSequenceNumber: number;
  readonly lastTimestamp: number;
  /** When the last packet was sent, epoch ms; 0 when none was. */
  readonly lastSentAtMs: number;
};

/** What a leg plays instead of the relayed audio. */
export type PlaySource =
  | { readonly type: 'file'; readonly file: string }
  | { readonly type: 'moh'; readonly mohClass: string; readonly order: 'sequential' | 'random' };

/** Everything needed to re-create a leg elsewhere with the same ports and stream state. */
export type LegSnapshot = {
  readonly config: LegConfig;
  readonly latchedRemote?: TransportAddress;
  readonly latchedSsrc?: number;
  readonly rtcpRemote?: TransportAddress;
  readonly outbound: OutboundStreamSnapshot;
  readonly playing?: PlaySource;
};

/** A session's portable state (DESIGN §6: "a session moves … by its snapshot"). */
export type SessionSnapshot = {
  readonly v: 1;
  readonly sessionId: MediaSessionId;
  readonly legs: readonly [LegSnapshot, LegSnapshot];
  /** The consult leg C, while a transfer or relocate holds one. */
  readonly consult?: LegSnapshot;
  /** The relayed pair; absent means A↔B. */
  readonly bridged?: BridgedLegs;
  readonly takenAtMs: number;
};

/** Counters of one leg: what arrived from its far end and what was sent to it. */
export type LegStats = {
  readonly received: ReceiveCounters;
  readonly sentPackets: number;
  readonly sentBytes: number;
  /** Packets that arrived and were not relayed (unlatched source, unknown payload type, malformed). */
  readonly droppedPackets: number;
};

/** Commands from the main thread to the media workers. */
export type MediaCommand =
  | { readonly type: 'session.create'; readonly sessionId: MediaSessionId; readonly legs: readonly [LegConfig, LegConfig] }
  | {
      readonly type: 'session.update';
      readonly sessionId: MediaSessionId;
      readonly leg: AnyLegName;
      readonly remote?: TransportAddress;
      readonly codec?: G711Codec;
      readonly telephoneEventPt?: number;
      readonly muted?: boolean;
      readonly inbandDtmf?: boolean;
    }
  | ({ readonly type: 'leg.play'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName } & (
      | { readonly file: string }
      | { readonly mohClass: string; readonly order?: 'sequential' | 'random' }
    ))
  | { readonly type: 'leg.stop_play'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName }
  /**
   * Records what the leg's far end sends (decoded to 8 kHz 16-bit PCM) into the WAV file `file`
   * until one of `stopDigits` (default `#`), `maxDurationMs`, `leg.stop_record` or the leg's end;
   * then `leg.record_finished`. One recording per leg at a time.
   */
  | { readonly type: 'leg.record'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName; readonly file: string; readonly maxDurationMs: number; readonly stopDigits?: string }
  /** Ends the leg's recording (its file is still written and reported); no-op when none runs. */
  | { readonly type: 'leg.stop_record'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName }
  /** Sends `digits` (0-9, *, #, A-D) to the leg's far end as RFC 4733 telephone events. */
  | { readonly type: 'leg.dtmf'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName; readonly digits: string }
  /** Binds the consult leg C, outside the relay until bridged. */
  | { readonly type: 'leg.add'; readonly sessionId: MediaSessionId; readonly leg: 'C'; readonly config: LegConfig }
  /** Chooses the two legs that relay to each other. */
  | { readonly type: 'session.bridge'; readonly sessionId: MediaSessionId; readonly legs: BridgedLegs }
  /** Closes the leg in slot `into`; C takes that slot and name; the relay is A↔B again. */
  | { readonly type: 'leg.promote'; readonly sessionId: MediaSessionId; readonly from: 'C'; readonly into: LegName }
  /** Closes C; the relay is A↔B again. */
  | { readonly type: 'leg.remove'; readonly sessionId: MediaSessionId; readonly leg: 'C' }
  | { readonly type: 'session.snapshot'; readonly sessionId: MediaSessionId }
  | { readonly type: 'session.destroy'; readonly sessionId: MediaSessionId }
  /*
   * Mixers (conference rooms, seed CF-17). A mixer lives on one worker; every 20 ms it sends each
   * member the sum of the other members' audio (never its own), clipped, in the member's codec, on
   * the member's leg A outbound stream. A member's leg A audio goes to the mixer instead of the
   * relay while it is a member. A member's leg playing a file or music (`leg.play`) hears that
   * instead of the mix and its audio still reaches the mix.
   */
  /** Creates an empty mixer. Fails with `PBX_ERR_MEDIA_MIXER_EXISTS` when it exists. */
  | { readonly type: 'mixer.create'; readonly mixerId: MixerId; readonly talkDetection?: TalkDetection }
  /**
   * Makes leg A of `sessionId` a member. The pool first moves the session onto the mixer's worker
   * (by its snapshot, same ports, SSRC and sequence) when it lives on another one.
   */
  | { readonly type: 'mixer.join'; readonly mixerId: MixerId; readonly sessionId: MediaSessionId; readonly muted?: boolean }
  /** Takes the session's leg A out of the mixer; the session relays A↔B again. */
  | { readonly type: 'mixer.leave'; readonly mixerId: MixerId; readonly sessionId: MediaSessionId }
  /** A muted member still hears the mix; its audio is not mixed (talk detection still runs on it). */
  | { readonly type: 'mixer.mute'; readonly mixerId: MixerId; readonly sessionId: MediaSessionId; readonly muted: boolean }
  /**
   * Plays a sound file into the mix, heard by every member (join and leave sounds), after what the
   * mixer already plays; then `mixer.play_finished`. A file that cannot be loaded fails the command
   * and is reported as `mixer.play_failed` too.
   */
  | { readonly type: 'mixer.play'; readonly mixerId: MixerId; readonly file: string }
  /**
   * Records the whole mix (every unmuted member and what `mixer.play` plays) into the WAV file `file`
   * (an absolute `.wav` path) until `mixer.stop_record`, `mixer.destroy` or two hours; then
   * `mixer.record_finished`. Fails with `PBX_ERR_MEDIA_ALREADY_RECORDING` while recording.
   */
  | { readonly type: 'mixer.record'; readonly mixerId: MixerId; readonly file: string }
  | { readonly type: 'mixer.stop_record'; readonly mixerId: MixerId }
  /** Ends the mixer; its members' sessions go back to relaying A↔B. */
  | { readonly type: 'mixer.destroy'; readonly mixerId: MixerId };

/** The commands of mixers (conference rooms). */
export type MixerCommand = Extract<MediaCommand, { readonly type: `mixer.${string}` }>;

/** The commands of sessions. */
export type SessionCommand = Exclude<MediaCommand, MixerCommand>;

/** Successful reply of each command. */
export type MediaReplies = {
  'session.create': { readonly type: 'session.created'; readonly sessionId: MediaSessionId };
  'session.update': { readonly type: 'ok' };
  'leg.play': { readonly type: 'ok' };
  'leg.stop_play': { readonly type: 'ok' };
  'leg.dtmf': { readonly type: 'ok' };
  'leg.record': { readonly type: 'ok' };
  'leg.stop_record': { readonly type: 'ok' };
  'leg.add': { readonly type: 'leg.added'; readonly sessionId: MediaSessionId; readonly leg: 'C' };
  'session.bridge': { readonly type: 'ok' };
  /** Counters of the leg that was closed (the one C replaced). */
  'leg.promote': { readonly type: 'leg.promoted'; readonly stats: LegStats };
  /** Counters of C. */
  'leg.remove': { readonly type: 'leg.removed'; readonly stats: LegStats };
  'session.snapshot': { readonly type: 'session.snapshot'; readonly snapshot: SessionSnapshot; readonly stats: readonly [LegStats, LegStats] };
  'session.destroy': { readonly type: 'session.destroyed'; readonly stats: readonly [LegStats, LegStats] };
  'mixer.create': { readonly type: 'mixer.created'; readonly mixerId: MixerId };
  'mixer.join': { readonly type: 'ok' };
  'mixer.leave': { readonly type: 'ok' };
  'mixer.mute': { readonly type: 'ok' };
  'mixer.play': { readonly type: 'ok' };
  'mixer.record': { readonly type: 'ok' };
  'mixer.stop_record': { readonly type: 'ok' };
  'mixer.destroy': { readonly type: 'mixer.destroyed'; readonly mixerId: MixerId };
};

/** The reply to a command of type `T`: its success value or a failure. */
export type MediaReply<T extends MediaCommand['type']> = MediaReplies[T] | MediaFailure;

/** Facts the media layer reports. */
export type MediaEvent =
  | { readonly type: 'session.created'; readonly sessionId: MediaSessionId }
  | { readonly type: 'leg.latched'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName; readonly remote: TransportAddress }
  | { readonly type: 'leg.dtmf'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName; readonly digit: string; readonly durationMs: number }
  | { readonly type: 'leg.play_finished'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName }
  | { readonly type: 'leg.play_failed'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName; readonly error: MediaFailure }
  /** A recording ended and its file is written; `reason` says what ended it. */
  | {
      readonly type: 'leg.record_finished';
      readonly sessionId: MediaSessionId;
      readonly leg: AnyLegName;
      readonly file: string;
      readonly durationMs: number;
      readonly reason: RecordStopReason;
    }
  | { readonly type: 'leg.record_failed'; readonly sessionId: MediaSessionId; readonly leg: AnyLegName; readonly file: string; readonly error: MediaFailure }
  | { readonly type: 'session.stats'; readonly sessionId: MediaSessionId; readonly legs: readonly [LegStats, LegStats] }
  | { readonly type: 'session.recovered'; readonly sessionId: MediaSessionId }
  | { readonly type: 'session.lost'; readonly sessionId: MediaSessionId; readonly error: MediaFailure }
  /** A member started or stopped talking (talk detection, seed `conference_participant_talk_*`); `false` too when a talking member leaves. */
  | { readonly type: 'mixer.talk'; readonly mixerId: MixerId; readonly sessionId: MediaSessionId; readonly talking: boolean }
  | { readonly type: 'mixer.play_finished'; readonly mixerId: MixerId; readonly file: string }
  | { readonly type: 'mixer.play_failed'; readonly mixerId: MixerId; readonly file: string; readonly error: MediaFailure }
  | { readonly type: 'mixer.record_finished'; readonly mixerId: MixerId; readonly file: string; readonly durationMs: number }
  | { readonly type: 'mixer.record_failed'; readonly mixerId: MixerId; readonly file: string; readonly error: MediaFailure }
  /** A mixer was re-created on a live worker after its worker died, with its members restored. */
  | { readonly type: 'mixer.recovered'; readonly mixerId: MixerId };

/** Message from the main thread to a worker. */
export type ToWorkerMessage =
  | { readonly type: 'request'; readonly requestId: number; readonly command: MediaCommand; readonly restore?: SessionSnapshot };

/** Message from a worker to the main thread. */
export type FromWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reply'; readonly requestId: number; readonly reply: MediaReply<MediaCommand['type']> }
  | { readonly type: 'event'; readonly event: MediaEvent }
  | { readonly type: 'snapshot'; readonly snapshot: SessionSnapshot };

/** The settings a worker starts with (its `workerData`). */
export type MediaWorkerSettings = {
  /** Local address RTP sockets bind to. */
  readonly bindAddress: string;
  /** Folder holding one sub-folder per music-on-hold class. */
  readonly mohDirectory: string;
  /** Seed of the random music-on-hold order. */
  readonly randomSeed: number;
  /** How often each session's snapshot is pushed to the main thread. */
  readonly snapshotIntervalMs: number;
};
