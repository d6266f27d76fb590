/**
 * The sessions hosted by one worker, and the commands that act on them.
 *
 * @remarks
 * Every command gets exactly one reply, success or failure value; nothing a command carries can
 * crash the worker. State changes (creation, update, latching, playback) push the session's
 * snapshot to the main thread at once; the stream counters move with every packet and are pushed
 * by the worker's periodic {@link SessionHost.pushSnapshots}.
 */
import { randomInt } from 'node:crypto';
import type { MediaClock } from '../clock.ts';
import { MEDIA_ERROR_CODES, isMediaFailure, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type {
  FromWorkerMessage,
  LegConfig,
  LegSnapshot,
  MediaCommand,
  MediaEvent,
  MediaReply,
  MediaSessionId,
  MediaWorkerSettings,
  SessionSnapshot,
} from '../media-protocol.ts';
import { seededRandom } from '../player/frame-source.ts';
import { MediaSession } from '../session/media-session.ts';
import { resumedStreamState } from '../session/outbound-stream.ts';
import { bindSocketPair } from '../session/udp-socket-pair.ts';
import type { UdpSocketPair } from '../session/udp-socket-pair.ts';
import { validateCommandShape, validateLegConfig } from './command-validation.ts';
import { startPlay } from './play-command.ts';
import { sendDtmf } from '../player/dtmf-sender.ts';

type AnyReply = MediaReply<MediaCommand['type']>;
const OK = { type: 'ok' } as const;

/** Hosts sessions for one worker thread. */
export class SessionHost {
  readonly #settings: MediaWorkerSettings;
  readonly #clock: MediaClock;
  readonly #post: (message: FromWorkerMessage) => void;
  readonly #sessions = new Map<MediaSessionId, MediaSession>();
  readonly #creating = new Set<MediaSessionId>();
  /** Sessions destroyed while still binding their sockets (the creator gave up waiting). */
  readonly #cancelled = new Set<MediaSessionId>();
  readonly #random: () => number;

  constructor(settings: MediaWorkerSettings, clock: MediaClock, post: (message: FromWorkerMessage) => void) {
    this.#settings = settings;
    this.#clock = clock;
    this.#post = post;
    this.#random = seededRandom(settings.randomSeed);
  }

  /** Number of sessions hosted. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Runs one command; `restore` re-creates a session from the snapshot it had on a dead worker. */
  async execute(command: MediaCommand, restore?: SessionSnapshot): Promise<AnyReply> {
    const malformed = validateCommandShape(command);
    if (malformed !== undefined) return malformed;
    if (command.type === 'session.create') return this.#create(command.sessionId, command.legs, restore);
    const session = this.#sessions.get(command.sessionId);
    if (session === undefined && command.type === 'session.destroy' && this.#creating.has(command.sessionId)) this.#cancelled.add(command.sessionId);
    if (session === undefined) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${command.sessionId} on this worker`);
    switch (command.type) {
      case 'session.update':
        return this.#update(session, command);
      case 'leg.play':
        return this.#play(session, command);
      case 'leg.stop_play':
        session.leg(command.leg).playback?.stop();
        this.#pushSnapshot(session);
        return OK;
      case 'leg.dtmf':
        return sendDtmf(session.leg(command.leg), command.digits, this.#clock) ?? OK;
      case 'session.snapshot':
        return { type: 'session.snapshot', snapshot: session.snapshot(), stats: session.stats() };
      case 'session.destroy':
        return this.#destroy(session);
    }
  }

  /** Pushes every session's snapshot to the main thread. */
  pushSnapshots(): void {
    for (const session of this.#sessions.values()) this.#pushSnapshot(session);
  }

  /** Closes every session (worker shutdown). */
  closeAll(): void {
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
  }

  #emit = (event: MediaEvent): void => {
    this.#post({ type: 'event', event });
    if (event.type === 'leg.latched' || event.type === 'leg.play_finished') {
      const session = this.#sessions.get(event.sessionId);
      if (session !== undefined) this.#pushSnapshot(session);
    }
  };

  #pushSnapshot(session: MediaSession): void {
    this.#post({ type: 'snapshot', snapshot: session.snapshot() });
  }

  async #create(sessionId: MediaSessionId, legs: readonly [LegConfig, LegConfig], restore?: SessionSnapshot): Promise<AnyReply> {
    const problem = validateLegConfig(legs[0]) ?? validateLegConfig(legs[1]);
    if (problem !== undefined) return problem;
    if (legs[0].rtpPort === legs[1].rtpPort) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, 'the two legs need different RTP ports');
    if (this.#sessions.has(sessionId) || this.#creating.has(sessionId)) return mediaFailure(MEDIA_ERROR_CODES.sessionExists, `media session ${sessionId} already exists`);
    this.#creating.add(sessionId);
    try {
      const sockets = await this.#bindLegs(legs);
      if (isMediaFailure(sockets)) return sockets;
      if (this.#cancelled.delete(sessionId)) {
        for (const pair of sockets) {
          pair.rtp.close();
          pair.rtcp.close();
        }
        return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `media session ${sessionId} was destroyed while it was being created`);
      }
      const snapshots = [this.#legSnapshot(legs[0], restore?.legs[0]), this.#legSnapshot(legs[1], restore?.legs[1])] as const;
      const session = new MediaSession(sessionId, snapshots, sockets, this.#clock, this.#emit);
      this.#sessions.set(sessionId, session);
      if (restore === undefined) this.#emit({ type: 'session.created', sessionId });
      else this.#resumePlayback(session, snapshots);
      this.#pushSnapshot(session);
      return { type: 'session.created', sessionId };
    } finally {
      this.#creating.delete(sessionId);
      this.#cancelled.delete(sessionId);
    }
  }

  async #bindLegs(legs: readonly [LegConfig, LegConfig]): Promise<readonly [UdpSocketPair, UdpSocketPair] | MediaFailure> {
    const first = await bindSocketPair(this.#settings.bindAddress, legs[0].rtpPort);
    if (isMediaFailure(first)) return first;
    const second = await bindSocketPair(this.#settings.bindAddress, legs[1].rtpPort);
    if (isMediaFailure(second)) {
      first.rtp.close();
      first.rtcp.close();
      return second;
    }
    return [first, second];
  }

  /** A fresh leg gets a random SSRC, sequence number and timestamp (RFC 3550 §5.1); a restored one resumes. */
  #legSnapshot(config: LegConfig, restored: LegSnapshot | undefined): LegSnapshot {
    if (restored !== undefined) return { ...restored, config, outbound: resumedStreamState(restored.outbound, this.#clock.nowMs()) };
    const outbound = { ssrc: randomInt(0, 0x100000000), nextSequenceNumber: randomInt(0, 0x10000), lastTimestamp: randomInt(0, 0x100000000), lastSentAtMs: 0 };
    return { config, outbound };
  }

  #resumePlayback(session: MediaSession, snapshots: readonly [LegSnapshot, LegSnapshot]): void {
    snapshots.forEach((snapshot, index) => {
      if (snapshot.playing === undefined) return;
      const leg = index === 0 ? 'A' : 'B';
      const command = snapshot.playing.type === 'file' ? { file: snapshot.playing.file } : { mohClass: snapshot.playing.mohClass, order: snapshot.playing.order };
      void this.#play(session, { type: 'leg.play', sessionId: session.sessionId, leg, ...command });
    });
  }

  #update(session: MediaSession, command: Extract<MediaCommand, { type: 'session.update' }>): AnyReply {
    const current = session.leg(command.leg).config;
    const config: LegConfig = {
      ...current,
      ...(command.remote === undefined ? {} : { remote: command.remote }),
      ...(command.codec === undefined ? {} : { codec: command.codec }),
      ...(command.telephoneEventPt === undefined ? {} : { telephoneEventPt: command.telephoneEventPt }),
      ...(command.muted === undefined ? {} : { muted: command.muted }),
    };
    const problem = validateLegConfig(config);
    if (problem !== undefined) return problem;
    session.update(command.leg, config);
    this.#pushSnapshot(session);
    return OK;
  }

  async #play(session: MediaSession, command: Extract<MediaCommand, { type: 'leg.play' }>): Promise<AnyReply> {
    const result = await startPlay(session, command, {
      clock: this.#clock,
      random: this.#random,
      mohDirectory: this.#settings.mohDirectory,
      isCurrent: () => this.#sessions.get(session.sessionId) === session,
      emit: this.#emit,
    });
    if (result !== undefined) return result;
    this.#pushSnapshot(session);
    return OK;
  }

  #destroy(session: MediaSession): AnyReply {
    const stats = session.stats();
    session.close();
    this.#sessions.delete(session.sessionId);
    this.#emit({ type: 'session.stats', sessionId: session.sessionId, legs: stats });
    return { type: 'session.destroyed', stats };
  }
}

