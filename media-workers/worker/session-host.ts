/**
 * The sessions hosted by one worker, and the commands that act on them.
 *
 * @remarks
 * Every command gets exactly one reply, success or failure value; nothing a command carries can
 * crash the worker. State changes (creation, update, latching, playback) push the session's
 * snapshot to the main thread at once; the stream counters move with every packet and are pushed
 * by the worker's periodic {@link SessionHost.pushSnapshots}. The consult-leg commands are in
 * `consult-commands.ts`; a session restored from a snapshot taken during a consultation gets its
 * consult leg (on the same port), its bridge and its playbacks back. The `mixer.*` commands are
 * in `mixer-commands.ts`; a session destroyed while a mixer member leaves its mixer first.
 */
import { randomInt } from 'node:crypto';
import type { MediaClock } from '../clock.ts';
import { MEDIA_ERROR_CODES, isMediaFailure, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type {
  AnyLegName,
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
import { bridgedPair } from '../session/relay-pairs.ts';
import { bindSocketPair } from '../session/udp-socket-pair.ts';
import type { UdpSocketPair } from '../session/udp-socket-pair.ts';
import { isMixerCommand, validateCommandShape, validateLegConfig } from './command-validation.ts';
import { MixerHost } from './mixer-commands.ts';
import { addConsultLeg, bridgeLegs, legNotFound, promoteConsultLeg, removeConsultLeg } from './consult-commands.ts';
import type { ConsultContext, PendingConsults } from './consult-commands.ts';
import { startPlay } from './play-command.ts';
import { startRecord, stopRecord } from './record-command.ts';
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
  /** Sessions whose consult leg is being bound. */
  readonly #pendingConsults: PendingConsults = new Map();
  readonly #random: () => number;
  readonly #mixers: MixerHost;

  constructor(settings: MediaWorkerSettings, clock: MediaClock, post: (message: FromWorkerMessage) => void) {
    this.#settings = settings;
    this.#clock = clock;
    this.#post = post;
    this.#random = seededRandom(settings.randomSeed);
    this.#mixers = new MixerHost({ clock, emit: (event) => this.#emit(event), sessionOf: (sessionId) => this.#sessions.get(sessionId) });
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
    if (isMixerCommand(command)) return this.#mixers.execute(command);
    const session = this.#sessions.get(command.sessionId);
    if (session === undefined && command.type === 'session.destroy' && this.#creating.has(command.sessionId)) this.#cancelled.add(command.sessionId);
    if (session === undefined) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${command.sessionId} on this worker`);
    switch (command.type) {
      case 'session.update':
        return this.#update(session, command);
      case 'leg.play':
        return this.#play(session, command);
      case 'leg.stop_play': {
        const leg = session.leg(command.leg);
        if (leg === undefined) return legNotFound(session, command.leg);
        leg.playback?.stop();
        this.#pushSnapshot(session);
        return OK;
      }
      case 'leg.dtmf': {
        const leg = session.leg(command.leg);
        return leg === undefined ? legNotFound(session, command.leg) : (sendDtmf(leg, command.digits, this.#clock) ?? OK);
      }
      case 'leg.record':
        return startRecord(session, command, this.#emit) ?? OK;
      case 'leg.stop_record':
        return stopRecord(session, command) ?? OK;
      case 'leg.add':
        return addConsultLeg(session, command, this.#pendingConsults, this.#consultContext(session));
      case 'session.bridge':
        return bridgeLegs(session, command, this.#consultContext(session));
      case 'leg.promote':
        return promoteConsultLeg(session, command, this.#consultContext(session));
      case 'leg.remove':
        return removeConsultLeg(session, this.#pendingConsults, this.#consultContext(session));
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
    this.#mixers.closeAll();
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

  #consultContext(session: MediaSession): ConsultContext {
    return {
      bindAddress: this.#settings.bindAddress,
      freshLeg: (config) => this.#legSnapshot(config, undefined),
      isCurrent: () => this.#sessions.get(session.sessionId) === session,
      pushSnapshot: () => this.#pushSnapshot(session),
    };
  }

  async #create(sessionId: MediaSessionId, legs: readonly [LegConfig, LegConfig], restore?: SessionSnapshot): Promise<AnyReply> {
    const consult = restore?.consult;
    const configs = consult === undefined ? legs : [...legs, consult.config];
    for (const config of configs) {
      const problem = validateLegConfig(config);
      if (problem !== undefined) return problem;
    }
    if (new Set(configs.map((config) => config.rtpPort)).size !== configs.length) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, 'the legs need different RTP ports');
    if (this.#sessions.has(sessionId) || this.#creating.has(sessionId)) return mediaFailure(MEDIA_ERROR_CODES.sessionExists, `media session ${sessionId} already exists`);
    this.#creating.add(sessionId);
    try {
      const sockets = await this.#bindLegs(configs);
      if (isMediaFailure(sockets)) return sockets;
      const [socketsA, socketsB, socketsC] = sockets;
      if (this.#cancelled.delete(sessionId) || socketsA === undefined || socketsB === undefined) {
        for (const pair of sockets) {
          pair.rtp.close();
          pair.rtcp.close();
        }
        return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `media session ${sessionId} was destroyed while it was being created`);
      }
      const snapshots = [this.#legSnapshot(legs[0], restore?.legs[0]), this.#legSnapshot(legs[1], restore?.legs[1])] as const;
      const session = new MediaSession(sessionId, snapshots, [socketsA, socketsB], this.#clock, this.#emit);
      const consultSnapshot = consult === undefined || socketsC === undefined ? undefined : this.#legSnapshot(consult.config, consult);
      if (consultSnapshot !== undefined && socketsC !== undefined) session.addConsult(consultSnapshot, socketsC);
      const bridged = restore?.bridged === undefined ? undefined : bridgedPair(restore.bridged);
      if (bridged !== undefined) session.bridge(bridged);
      this.#sessions.set(sessionId, session);
      if (restore === undefined) this.#emit({ type: 'session.created', sessionId });
      else this.#resumePlayback(session, [['A', snapshots[0]], ['B', snapshots[1]], ...(consultSnapshot === undefined ? [] : [['C', consultSnapshot] as const])]);
      this.#pushSnapshot(session);
      return { type: 'session.created', sessionId };
    } finally {
      this.#creating.delete(sessionId);
      this.#cancelled.delete(sessionId);
    }
  }

  /** Binds each leg's port pair in turn; on a failure closes those already bound. */
  async #bindLegs(configs: readonly LegConfig[]): Promise<UdpSocketPair[] | MediaFailure> {
    const bound: UdpSocketPair[] = [];
    for (const config of configs) {
      const pair = await bindSocketPair(this.#settings.bindAddress, config.rtpPort);
      if (isMediaFailure(pair)) {
        for (const open of bound) {
          open.rtp.close();
          open.rtcp.close();
        }
        return pair;
      }
      bound.push(pair);
    }
    return bound;
  }

  /** A fresh leg gets a random SSRC, sequence number and timestamp (RFC 3550 §5.1); a restored one resumes. */
  #legSnapshot(config: LegConfig, restored: LegSnapshot | undefined): LegSnapshot {
    if (restored !== undefined) return { ...restored, config, outbound: resumedStreamState(restored.outbound, this.#clock.nowMs()) };
    const outbound = { ssrc: randomInt(0, 0x100000000), nextSequenceNumber: randomInt(0, 0x10000), lastTimestamp: randomInt(0, 0x100000000), lastSentAtMs: 0 };
    return { config, outbound };
  }

  #resumePlayback(session: MediaSession, snapshots: readonly (readonly [AnyLegName, LegSnapshot])[]): void {
    for (const [leg, snapshot] of snapshots) {
      if (snapshot.playing === undefined) continue;
      const command = snapshot.playing.type === 'file' ? { file: snapshot.playing.file } : { mohClass: snapshot.playing.mohClass, order: snapshot.playing.order };
      void this.#play(session, { type: 'leg.play', sessionId: session.sessionId, leg, ...command });
    }
  }

  #update(session: MediaSession, command: Extract<MediaCommand, { type: 'session.update' }>): AnyReply {
    const current = session.leg(command.leg)?.config;
    if (current === undefined) return legNotFound(session, command.leg);
    const config: LegConfig = {
      ...current,
      ...(command.remote === undefined ? {} : { remote: command.remote }),
      ...(command.codec === undefined ? {} : { codec: command.codec }),
      ...(command.telephoneEventPt === undefined ? {} : { telephoneEventPt: command.telephoneEventPt }),
      ...(command.muted === undefined ? {} : { muted: command.muted }),
      ...(command.inbandDtmf === undefined ? {} : { inbandDtmf: command.inbandDtmf }),
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
    this.#mixers.sessionEnded(session.sessionId);
    const stats = session.stats();
    session.close();
    this.#sessions.delete(session.sessionId);
    this.#emit({ type: 'session.stats', sessionId: session.sessionId, legs: stats });
    return { type: 'session.destroyed', stats };
  }
}

