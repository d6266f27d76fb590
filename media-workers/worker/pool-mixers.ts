/**
 * The media pool's mixers, seen from the main thread: which worker hosts each mixer, each mixer's
 * snapshot, and how its members are gathered onto that worker.
 *
 * @remarks
 * A mixer lives on one worker and mixes sessions of that worker only, so `mixer.join` of a session
 * hosted elsewhere first moves the session (by its snapshot, same ports, SSRC and sequence; see
 * `MediaPool`). Creating, joining, leaving and destroying mixers run one at a time, so two joins
 * racing cannot move a session twice or join it to two mixers; the other mixer commands go straight
 * to the mixer's worker. The pool keeps each mixer's snapshot (members, muted, recording) up to date
 * from the replies. When a mixer's worker dies, its member sessions are restored on one live worker
 * (the pool asks {@link PoolMixers.placeRecovery} where), the mixer is re-created there, its members
 * re-join with their mute state, a recording goes on into the same file (what the dead worker had
 * buffered is lost), and `mixer.recovered` is reported.
 */
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { MediaCommand, MediaEvent, MediaReply, MediaSessionId, MixerCommand, MixerId, MixerSnapshot } from '../media-protocol.ts';
import type { WorkerThread } from './worker-thread.ts';

type AnyReply = MediaReply<MediaCommand['type']>;
type HostedMixer = { readonly thread: WorkerThread; snapshot: MixerSnapshot };

/** What the mixers need from the pool. */
export type PoolMixersPort = {
  readonly timeoutMs: number;
  /** The worker a new mixer goes to. */
  leastLoaded(): WorkerThread | undefined;
  /** The worker hosting a session, once any recovery or move of it is over; `undefined` when unknown. */
  sessionThread(sessionId: MediaSessionId): Promise<WorkerThread | undefined>;
  /** Moves a session onto `to`; a failure when it could not (the session is then where it was, or lost). */
  moveSession(sessionId: MediaSessionId, to: WorkerThread): Promise<MediaFailure | undefined>;
  emit(event: MediaEvent): void;
};

/** The pool's registry of mixers. */
export class PoolMixers {
  readonly #port: PoolMixersPort;
  readonly #mixers = new Map<MixerId, HostedMixer>();
  readonly #recovering = new Map<MixerId, Promise<void>>();
  #membership: Promise<unknown> = Promise.resolve();

  constructor(port: PoolMixersPort) {
    this.#port = port;
  }

  /** The latest snapshot of a mixer. */
  snapshotOf(mixerId: MixerId): MixerSnapshot | undefined {
    return this.#mixers.get(mixerId)?.snapshot;
  }

  /** The worker hosting a mixer. */
  threadOf(mixerId: MixerId): WorkerThread | undefined {
    return this.#mixers.get(mixerId)?.thread;
  }

  /** Number of mixers on a worker. */
  countOn(thread: WorkerThread): number {
    return [...this.#mixers.values()].filter((hosted) => hosted.thread === thread).length;
  }

  /** Runs a mixer command (its shape already checked). */
  async route(command: MixerCommand): Promise<AnyReply> {
    switch (command.type) {
      case 'mixer.create':
      case 'mixer.join':
      case 'mixer.leave':
      case 'mixer.destroy':
        return this.#oneAtATime(() => this.#changeMembership(command));
      default:
        return this.#direct(command);
    }
  }

  /** Keeps the snapshots in step with what the workers report. */
  onEvent(event: MediaEvent): void {
    if (event.type !== 'mixer.record_finished' && event.type !== 'mixer.record_failed') return;
    const hosted = this.#mixers.get(event.mixerId);
    if (hosted !== undefined && hosted.snapshot.recording === event.file) hosted.snapshot = withoutRecording(hosted.snapshot);
  }

  /** A session was destroyed: it is no member any more. */
  sessionDestroyed(sessionId: MediaSessionId): void {
    for (const hosted of this.#mixers.values()) hosted.snapshot = withoutMember(hosted.snapshot, sessionId);
  }

  /**
   * A worker died: picks one live worker per mixer it hosted and returns where each member session
   * must be restored; {@link PoolMixers.recover} then re-creates the mixers.
   */
  placeRecovery(dead: WorkerThread): Map<MediaSessionId, WorkerThread> {
    const placement = new Map<MediaSessionId, WorkerThread>();
    for (const [mixerId, hosted] of this.#mixers) {
      if (hosted.thread !== dead) continue;
      const target = this.#port.leastLoaded();
      if (target === undefined) {
        this.#mixers.delete(mixerId);
        continue;
      }
      this.#mixers.set(mixerId, { thread: target, snapshot: hosted.snapshot });
      for (const member of hosted.snapshot.members) placement.set(member.sessionId, target);
      const recovery = this.#recover(mixerId).finally(() => this.#recovering.delete(mixerId));
      this.#recovering.set(mixerId, recovery);
    }
    return placement;
  }

  async #recover(mixerId: MixerId): Promise<void> {
    const hosted = this.#mixers.get(mixerId);
    if (hosted === undefined) return;
    const { thread, snapshot } = hosted;
    const created = await thread.request({ type: 'mixer.create', mixerId, ...(snapshot.talkDetection === undefined ? {} : { talkDetection: snapshot.talkDetection }) }, this.#port.timeoutMs);
    if (created.type === 'error' && created.code !== MEDIA_ERROR_CODES.mixerExists) {
      this.#mixers.delete(mixerId);
      return;
    }
    let restored: MixerSnapshot = { ...withoutRecording(snapshot), members: [] };
    for (const member of snapshot.members) {
      const joined = await this.#joinOn(thread, mixerId, member.sessionId, member.muted);
      if (joined.type !== 'error') restored = { ...restored, members: [...restored.members, member] };
    }
    if (snapshot.recording !== undefined) {
      const recording = await thread.request({ type: 'mixer.record', mixerId, file: snapshot.recording }, this.#port.timeoutMs);
      if (recording.type !== 'error') restored = { ...restored, recording: snapshot.recording };
    }
    if (this.#mixers.get(mixerId) === hosted) hosted.snapshot = restored;
    this.#port.emit({ type: 'mixer.recovered', mixerId });
  }

  #oneAtATime(work: () => Promise<AnyReply>): Promise<AnyReply> {
    const result = this.#membership.then(work, work);
    this.#membership = result;
    return result;
  }

  async #changeMembership(command: Extract<MixerCommand, { type: 'mixer.create' | 'mixer.join' | 'mixer.leave' | 'mixer.destroy' }>): Promise<AnyReply> {
    if (command.type === 'mixer.create') return this.#create(command);
    await this.#recovering.get(command.mixerId);
    const hosted = this.#mixers.get(command.mixerId);
    if (hosted === undefined) return notFound(command.mixerId);
    if (command.type === 'mixer.join') return this.#join(hosted, command.mixerId, command.sessionId, command.muted ?? false);
    const reply = await hosted.thread.request(command, this.#port.timeoutMs);
    if (command.type === 'mixer.destroy' && (reply.type !== 'error' || reply.code === MEDIA_ERROR_CODES.mixerNotFound)) this.#mixers.delete(command.mixerId);
    if (command.type === 'mixer.leave' && reply.type !== 'error') hosted.snapshot = withoutMember(hosted.snapshot, command.sessionId);
    return reply;
  }

  async #create(command: Extract<MixerCommand, { type: 'mixer.create' }>): Promise<AnyReply> {
    if (this.#mixers.has(command.mixerId)) return mediaFailure(MEDIA_ERROR_CODES.mixerExists, `mixer ${command.mixerId} already exists`);
    const thread = this.#port.leastLoaded();
    if (thread === undefined) return mediaFailure(MEDIA_ERROR_CODES.workerUnavailable, 'no media worker is running');
    const snapshot: MixerSnapshot = { v: 1, mixerId: command.mixerId, ...(command.talkDetection === undefined ? {} : { talkDetection: command.talkDetection }), members: [] };
    const hosted: HostedMixer = { thread, snapshot };
    this.#mixers.set(command.mixerId, hosted);
    const reply = await thread.request(command, this.#port.timeoutMs);
    if (reply.type === 'error' && this.#mixers.get(command.mixerId) === hosted) this.#mixers.delete(command.mixerId);
    // The worker may still create it after the caller gave up: have it dropped there, not orphaned.
    if (reply.type === 'error' && reply.code === MEDIA_ERROR_CODES.requestTimeout) void thread.request({ type: 'mixer.destroy', mixerId: command.mixerId }, this.#port.timeoutMs);
    return reply;
  }

  async #join(hosted: HostedMixer, mixerId: MixerId, sessionId: MediaSessionId, muted: boolean): Promise<AnyReply> {
    for (const [otherId, other] of this.#mixers) {
      if (other.snapshot.members.some((member) => member.sessionId === sessionId)) return mediaFailure(MEDIA_ERROR_CODES.alreadyMember, `media session ${sessionId} is already a member of mixer ${otherId}`);
    }
    const reply = await this.#joinOn(hosted.thread, mixerId, sessionId, muted);
    if (reply.type !== 'error') hosted.snapshot = { ...hosted.snapshot, members: [...hosted.snapshot.members, { sessionId, muted }] };
    return reply;
  }

  /** Moves the session onto the mixer's worker when it lives elsewhere, then joins it. */
  async #joinOn(thread: WorkerThread, mixerId: MixerId, sessionId: MediaSessionId, muted: boolean): Promise<AnyReply> {
    const current = await this.#port.sessionThread(sessionId);
    if (current === undefined) return mediaFailure(MEDIA_ERROR_CODES.sessionNotFound, `no media session ${sessionId}`);
    if (current !== thread) {
      const failure = await this.#port.moveSession(sessionId, thread);
      if (failure !== undefined) return failure;
    }
    return thread.request({ type: 'mixer.join', mixerId, sessionId, muted }, this.#port.timeoutMs);
  }

  async #direct(command: Exclude<MixerCommand, { type: 'mixer.create' | 'mixer.join' | 'mixer.leave' | 'mixer.destroy' }>): Promise<AnyReply> {
    await this.#recovering.get(command.mixerId);
    const hosted = this.#mixers.get(command.mixerId);
    if (hosted === undefined) return notFound(command.mixerId);
    const reply = await hosted.thread.request(command, this.#port.timeoutMs);
    if (reply.type === 'error') return reply;
    if (command.type === 'mixer.mute') {
      hosted.snapshot = { ...hosted.snapshot, members: hosted.snapshot.members.map((member) => (member.sessionId === command.sessionId ? { ...member, muted: command.muted } : member)) };
    }
    if (command.type === 'mixer.record') hosted.snapshot = { ...hosted.snapshot, recording: command.file };
    if (command.type === 'mixer.stop_record') hosted.snapshot = withoutRecording(hosted.snapshot);
    return reply;
  }
}

function notFound(mixerId: MixerId): MediaFailure {
  return mediaFailure(MEDIA_ERROR_CODES.mixerNotFound, `no mixer ${mixerId}`);
}

function withoutMember(snapshot: MixerSnapshot, sessionId: MediaSessionId): MixerSnapshot {
  return snapshot.members.some((member) => member.sessionId === sessionId) ? { ...snapshot, members: snapshot.members.filter((member) => member.sessionId !== sessionId) } : snapshot;
}

function withoutRecording(snapshot: MixerSnapshot): MixerSnapshot {
  if (snapshot.recording === undefined) return snapshot;
  const { recording: _recording, ...rest } = snapshot;
  return rest;
}
