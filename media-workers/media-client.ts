/**
 * The main thread's access to the media workers: a pool of worker threads hosting sessions.
 *
 * @remarks
 * Each session lives in one worker, which owns its sockets. The pool keeps every session's latest
 * snapshot (ports, latched addresses, stream state, codecs, playback). When a worker dies, it is
 * replaced and each of its sessions is re-created on a live worker from that snapshot, on the same
 * ports (the dead thread's sockets are closed by the runtime when it ends), and
 * `session.recovered` is emitted; a session that cannot be re-created is reported `session.lost`.
 * Requests settle with a typed reply or a failure value, never hang and never reject.
 *
 * Mixers (conference rooms) are placed on the least-loaded worker and kept, with their snapshots,
 * by `worker/pool-mixers.ts`. `mixer.join` of a session hosted on another worker first moves the
 * session there: snapshot, destroy on the old worker, re-create from the snapshot on the mixer's
 * worker (same ports, SSRC and sequence, playback kept); commands for the session wait meanwhile.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEDIA_ERROR_CODES, mediaFailure } from './errors.ts';
import type { MediaFailure } from './errors.ts';
import type {
  FromWorkerMessage,
  LegConfig,
  MediaCommand,
  MediaEvent,
  MediaReply,
  MediaSessionId,
  MediaWorkerSettings,
  MixerId,
  MixerSnapshot,
  SessionSnapshot,
} from './media-protocol.ts';
import { isMixerCommand, validateMixerCommand } from './worker/command-validation.ts';
import { PoolMixers } from './worker/pool-mixers.ts';
import { moveSession } from './worker/session-move.ts';
import { WorkerThread } from './worker/worker-thread.ts';

/** Options of {@link createMediaPool}. */
export type MediaPoolOptions = {
  /** Number of worker threads (at least 1). */
  readonly workers: number;
  /** Receives every media event, `session.recovered`, `session.lost` and `mixer.recovered` included. */
  readonly onEvent: (event: MediaEvent) => void;
  /** Local address RTP sockets bind to; default `0.0.0.0`. */
  readonly bindAddress?: string;
  /** Folder of music-on-hold classes; default a `parley-moh` folder in the system temporary directory. */
  readonly mohDirectory?: string;
  /** Seed of random music-on-hold order; default 1. */
  readonly randomSeed?: number;
  /** How long a request may wait for its reply; default 5000 ms. */
  readonly requestTimeoutMs?: number;
  /** How often workers push session snapshots; default 1000 ms. */
  readonly snapshotIntervalMs?: number;
  /** Most worker replacements within `restartWindowMs` before a dead worker is left dead; default 10. */
  readonly maxRestarts?: number;
  /** Window of `maxRestarts`; default 60 000 ms. */
  readonly restartWindowMs?: number;
};

/** Attempts to re-bind a dead worker's ports before a session is given up. */
const RECOVERY_ATTEMPTS = 5;
const RECOVERY_RETRY_MS = 100;

type HostedSession = { readonly thread: WorkerThread; snapshot: SessionSnapshot | undefined };

/** A pool of media worker threads. */
export class MediaPool {
  readonly #options: MediaPoolOptions;
  readonly #settings: MediaWorkerSettings;
  readonly #timeoutMs: number;
  readonly #threads: WorkerThread[] = [];
  readonly #sessions = new Map<MediaSessionId, HostedSession>();
  readonly #recovering = new Map<MediaSessionId, Promise<void>>();
  readonly #mixers: PoolMixers;
  #restartTimesMs: number[] = [];
  #closed = false;

  constructor(options: MediaPoolOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError('a media pool needs at least one worker');
    this.#options = options;
    this.#timeoutMs = options.requestTimeoutMs ?? 5000;
    this.#settings = {
      bindAddress: options.bindAddress ?? '0.0.0.0',
      mohDirectory: options.mohDirectory ?? join(tmpdir(), 'parley-moh'),
      randomSeed: options.randomSeed ?? 1,
      snapshotIntervalMs: options.snapshotIntervalMs ?? 1000,
    };
    for (let index = 0; index < options.workers; index += 1) this.#threads.push(this.#spawn());
    this.#mixers = new PoolMixers({
      timeoutMs: this.#timeoutMs,
      leastLoaded: () => this.#leastLoaded(),
      sessionThread: async (sessionId) => {
        await this.#recovering.get(sessionId);
        return this.#sessions.get(sessionId)?.thread;
      },
      moveSession: (sessionId, to) => this.#move(sessionId, to),
      emit: (event) => this.#options.onEvent(event),
    });
  }

  /** Sends a command to the worker hosting its session (a new session goes to the least loaded worker). */
  async request<T extends MediaCommand['type']>(command: Extract<MediaCommand, { type: T }>): Promise<MediaReply<T>> {
    return (await this.#route(command)) as MediaReply<T>;
  }

  /**
   * Re-creates a session from a snapshot taken elsewhere (another node's pool, for a call moved
   * here): same ports, latched addresses, stream state, codecs and playback. Fails as
   * `session.create` does, e.g. when a port is taken on this host.
   */
  async restore(snapshot: SessionSnapshot): Promise<MediaReply<'session.create'>> {
    if (this.#closed) return mediaFailure(MEDIA_ERROR_CODES.poolClosed, 'the media pool is closed');
    return this.#create(snapshot.sessionId, [snapshot.legs[0].config, snapshot.legs[1].config], snapshot);
  }

  /** The latest snapshot of a session, as last pushed by its worker. */
  snapshotOf(sessionId: MediaSessionId): SessionSnapshot | undefined {
    return this.#sessions.get(sessionId)?.snapshot;
  }

  /** The latest snapshot of a mixer (members, muted, recording). */
  mixerSnapshotOf(mixerId: MixerId): MixerSnapshot | undefined {
    return this.#mixers.snapshotOf(mixerId);
  }

  /** The slot of the worker hosting a session (0 .. workers − 1), for tests and diagnostics. */
  workerOf(sessionId: MediaSessionId): number | undefined {
    const hosted = this.#sessions.get(sessionId);
    return hosted === undefined ? undefined : this.#threads.indexOf(hosted.thread);
  }

  /** The slot of the worker hosting a mixer, for tests and diagnostics. */
  workerOfMixer(mixerId: MixerId): number | undefined {
    const thread = this.#mixers.threadOf(mixerId);
    return thread === undefined ? undefined : this.#threads.indexOf(thread);
  }

  /** Number of workers booted and running. */
  get readyWorkers(): number {
    return this.#threads.filter((thread) => thread.ready).length;
  }

  /** Number of sessions the pool knows. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** The sessions each worker hosts, by slot (0 .. workers − 1), for the node's load. */
  get workerSessions(): number[] {
    const counts = this.#threads.map(() => 0);
    for (const hosted of this.#sessions.values()) {
      const slot = this.#threads.indexOf(hosted.thread);
      if (slot >= 0) counts[slot] = (counts[slot] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * Kills the worker hosting a session, as a crash would; its sessions are recovered elsewhere.
   *
   * @remarks
   * For fault-injection tests and operators' drills. Resolves false when the session is unknown.
   */
  async terminateWorkerOf(sessionId: MediaSessionId): Promise<boolean> {
    const hosted = this.#sessions.get(sessionId);
    if (hosted === undefined) return false;
    await hosted.thread.terminate();
    return true;
  }

  /** Stops every worker (their sessions end with them). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#sessions.clear();
    await Promise.all(this.#threads.map((thread) => thread.terminate()));
  }

  async #route(command: MediaCommand): Promise<MediaReply<MediaCommand['type']>> {
    if (this.#closed) return mediaFailure(MEDIA_ERROR_CODES.poolClosed, 'the media pool is closed');
    if (command.type === 'session.create') return this.#create(command.sessionId, command.legs);
    if (isMixerCommand(command)) return validateMixerCommand(command) ?? this.#mixers.route(command);
    await this.#recovering.get(command.sessionId);
    const hosted = this.#sessions.get(command.sessionId);
    if (hosted === undefined) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${command.sessionId}`);
    const reply = await hosted.thread.request(command, this.#timeoutMs);
    if (command.type === 'session.destroy' && this.#sessions.get(command.sessionId) === hosted) this.#sessions.delete(command.sessionId);
    if (command.type === 'session.destroy' && reply.type !== 'error') this.#mixers.sessionDestroyed(command.sessionId);
    // As for a session: a consult leg the caller gave up waiting for must not stay open unknown.
    if (command.type === 'leg.add' && reply.type === 'error' && reply.code === MEDIA_ERROR_CODES.requestTimeout) void hosted.thread.request({ type: 'leg.remove', sessionId: command.sessionId, leg: 'C' }, this.#timeoutMs);
    return reply;
  }

  async #create(sessionId: MediaSessionId, legs: readonly [LegConfig, LegConfig], restore?: SessionSnapshot, on?: WorkerThread): Promise<MediaReply<'session.create'>> {
    if (this.#sessions.has(sessionId) || (this.#recovering.has(sessionId) && restore === undefined)) return mediaFailure(MEDIA_ERROR_CODES.sessionExists, `media session ${sessionId} already exists`);
    const thread = on?.alive === true ? on : this.#leastLoaded();
    if (thread === undefined) return mediaFailure(MEDIA_ERROR_CODES.workerUnavailable, 'no media worker is running');
    const hosted: HostedSession = { thread, snapshot: restore };
    this.#sessions.set(sessionId, hosted);
    const reply = (await thread.request({ type: 'session.create', sessionId, legs }, this.#timeoutMs, restore)) as MediaReply<'session.create'>;
    if (reply.type === 'error' && this.#sessions.get(sessionId) === hosted) this.#sessions.delete(sessionId);
    // The worker may still create it after the caller gave up: have it dropped there, not orphaned.
    if (reply.type === 'error' && reply.code === MEDIA_ERROR_CODES.requestTimeout) void thread.request({ type: 'session.destroy', sessionId }, this.#timeoutMs);
    return reply;
  }

  /** Moves a session onto `to` (for `mixer.join`, see `worker/session-move.ts`); its commands wait meanwhile. */
  async #move(sessionId: MediaSessionId, to: WorkerThread): Promise<MediaFailure | undefined> {
    const hosted = this.#sessions.get(sessionId);
    if (hosted === undefined) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${sessionId}`);
    const moving = moveSession(sessionId, hosted.thread, to, {
      timeoutMs: this.#timeoutMs,
      hostOn: (thread, snapshot) => this.#sessions.set(sessionId, { thread, snapshot }),
      lost: (error) => {
        this.#sessions.delete(sessionId);
        this.#options.onEvent({ type: 'session.lost', sessionId, error });
      },
    });
    this.#recovering.set(sessionId, moving.then(() => undefined));
    try {
      return await moving;
    } finally {
      this.#recovering.delete(sessionId);
    }
  }

  #leastLoaded(): WorkerThread | undefined {
    const load = new Map<WorkerThread, number>(this.#threads.filter((thread) => thread.alive).map((thread) => [thread, 0]));
    for (const hosted of this.#sessions.values()) {
      const count = load.get(hosted.thread);
      if (count !== undefined) load.set(hosted.thread, count + 1);
    }
    for (const [thread, count] of load) load.set(thread, count + this.#mixers.countOn(thread));
    const rank = ([thread, sessions]: [WorkerThread, number]): number => (thread.ready ? 0 : 1_000_000) + sessions;
    return [...load.entries()].sort((left, right) => rank(left) - rank(right))[0]?.[0];
  }

  #spawn(): WorkerThread {
    return new WorkerThread(this.#settings, {
      onMessage: (thread, message) => this.#onWorkerMessage(thread, message),
      onExit: (thread) => this.#onWorkerExit(thread),
    });
  }

  #onWorkerMessage(thread: WorkerThread, message: Exclude<FromWorkerMessage, { type: 'reply' | 'ready' }>): void {
    if (message.type === 'event') {
      const event = message.event;
      // The final counters of a session moved to another worker are not the end of the session.
      if (event.type === 'session.stats' && this.#sessions.has(event.sessionId) && this.#sessions.get(event.sessionId)?.thread !== thread) return;
      this.#mixers.onEvent(event);
      this.#options.onEvent(event);
      return;
    }
    const hosted = this.#sessions.get(message.snapshot.sessionId);
    if (hosted !== undefined && hosted.thread === thread) hosted.snapshot = message.snapshot;
  }

  #onWorkerExit(dead: WorkerThread): void {
    if (this.#closed) return;
    const slot = this.#threads.indexOf(dead);
    if (slot >= 0 && this.#mayRestart()) this.#threads[slot] = this.#spawn();
    // A mixer's members are restored together on the one worker its mixer is re-created on.
    const placement = this.#mixers.placeRecovery(dead);
    for (const [sessionId, hosted] of this.#sessions) {
      if (hosted.thread !== dead) continue;
      this.#sessions.delete(sessionId);
      // Without a snapshot the session was still being created: its creator gets the failure reply.
      const snapshot = hosted.snapshot;
      if (snapshot === undefined) continue;
      const recovery = this.#recover(sessionId, snapshot, placement.get(sessionId)).finally(() => this.#recovering.delete(sessionId));
      this.#recovering.set(sessionId, recovery);
    }
  }

  /**
   * Restart budget: a worker that dies at once every time (a broken install) must not be respawned
   * in a tight loop; past the budget its slot stays empty and sessions go to the other workers.
   */
  #mayRestart(): boolean {
    const nowMs = performance.now();
    const windowMs = this.#options.restartWindowMs ?? 60_000;
    this.#restartTimesMs = this.#restartTimesMs.filter((timeMs) => nowMs - timeMs < windowMs);
    if (this.#restartTimesMs.length >= (this.#options.maxRestarts ?? 10)) return false;
    this.#restartTimesMs.push(nowMs);
    return true;
  }

  async #recover(sessionId: MediaSessionId, snapshot: SessionSnapshot, on?: WorkerThread): Promise<void> {
    const legs = [snapshot.legs[0].config, snapshot.legs[1].config] as const;
    let reply = await this.#create(sessionId, legs, snapshot, on);
    for (let attempt = 1; attempt < RECOVERY_ATTEMPTS && reply.type === 'error' && reply.code === MEDIA_ERROR_CODES.portInUse && !this.#closed; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, RECOVERY_RETRY_MS));
      reply = await this.#create(sessionId, legs, snapshot, on);
    }
    if (this.#closed) return;
    if (reply.type === 'error') this.#options.onEvent({ type: 'session.lost', sessionId, error: reply });
    else this.#options.onEvent({ type: 'session.recovered', sessionId });
  }
}

/**
 * Starts a pool of media worker threads.
 *
 * @remarks
 * New sessions go to the booted worker with the fewest sessions (a thread still loading its code
 * only when no other is running), so recovery after a crash does not wait for the replacement
 * thread to boot.
 */
export function createMediaPool(options: MediaPoolOptions): MediaPool {
  return new MediaPool(options);
}
