/**
 * A supervisor: starts its children from their specs, restarts them per policy and strategy, gives
 * up upward past its restart intensity, and stops them in reverse start order.
 *
 * @remarks
 * Erlang/OTP supervision as the design fixes it (style §7.6). The supervisor is itself a
 * {@link Child}, so trees nest: a supervisor that gives up exits `crashed` with
 * `ActorEscalatedError`, and its own supervisor treats that like any crash. Its operations (start,
 * restart, terminate, stop) run one at a time, like an actor's messages; a child's `start` must not
 * wait on an operation of the same supervisor.
 */
import { ActorEscalatedError } from '../errors.ts';
import type { ChildSpec, RestartPolicy, SupervisorOptions } from './child-spec.ts';
import type { Clock } from './clock.ts';
import type { Child, ChildExit, StopReason } from './lifecycle.ts';
import type { Logger } from './logger.ts';
import { Mailbox } from './mailbox.ts';
import { recordRestart } from './restart-intensity.ts';
import { planRestart } from './restart-plan.ts';
import { stopWithin } from './stop-within.ts';
import type { WorkTracker } from './work-tracker.ts';

/** What a supervisor needs from its system. */
export interface SupervisorServices {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly work: WorkTracker;
}

/** The answer to `startChild`. */
export type StartChildResult =
  | { readonly type: 'started'; readonly child: Child }
  | { readonly type: 'error'; readonly code: 'duplicate-child-id' | 'supervisor-stopping' }
  | { readonly type: 'error'; readonly code: 'start-failed'; readonly error: unknown };

/** The answer to `terminateChild`. */
export type TerminateChildResult = { readonly type: 'terminated'; readonly exit: ChildExit } | { readonly type: 'error'; readonly code: 'unknown-child' };

interface ChildRecord {
  readonly spec: ChildSpec;
  child: Child | undefined;
}

type Operation = () => Promise<void>;

/** A running supervisor. */
export class Supervisor implements Child {
  readonly name: string;
  readonly exited: Promise<ChildExit>;
  readonly #options: SupervisorOptions;
  readonly #services: SupervisorServices;
  readonly #records = new Map<string, ChildRecord>();
  readonly #operations = new Mailbox<Operation>((operation) => operation(), Number.POSITIVE_INFINITY);
  #restarts: readonly number[] = [];
  #status: 'running' | 'stopping' | 'ended' = 'running';
  #stopping: Promise<void> | undefined;
  #resolveExit: (exit: ChildExit) => void = () => undefined;

  /**
   * Starts a supervisor and its children, in order.
   *
   * @remarks
   * When a child fails to start, the children already started are stopped in reverse order and the
   * returned promise rejects with that child's error (the parent counts it as a crash).
   */
  static async start(options: SupervisorOptions, children: readonly ChildSpec[], services: SupervisorServices): Promise<Supervisor> {
    const supervisor = new Supervisor(options, services);
    for (const spec of children) {
      const result = await supervisor.startChild(spec);
      if (result.type === 'error') {
        await supervisor.stop('shutdown');
        throw result.code === 'start-failed' ? result.error : new Error(`child '${spec.id}' of '${options.name}': ${result.code}`);
      }
    }
    return supervisor;
  }

  /** Creates a supervisor with no children yet (the root of a system). */
  static create(options: SupervisorOptions, services: SupervisorServices): Supervisor {
    return new Supervisor(options, services);
  }

  private constructor(options: SupervisorOptions, services: SupervisorServices) {
    this.name = options.name;
    this.#options = options;
    this.#services = services;
    this.exited = new Promise((resolve) => {
      this.#resolveExit = resolve;
    });
  }

  /** The running children, in start order. */
  children(): readonly { readonly id: string; readonly child: Child }[] {
    return [...this.#records.values()].flatMap((record) => (record.child === undefined ? [] : [{ id: record.spec.id, child: record.child }]));
  }

  /** Adds and starts a child (Erlang `start_child`). */
  startChild(spec: ChildSpec): Promise<StartChildResult> {
    return this.#enqueue(async (): Promise<StartChildResult> => {
      if (this.#status !== 'running') return { type: 'error', code: 'supervisor-stopping' };
      if (this.#records.has(spec.id)) return { type: 'error', code: 'duplicate-child-id' };
      const record: ChildRecord = { spec, child: undefined };
      try {
        const child = await this.#launch(record);
        this.#records.set(spec.id, record);
        return { type: 'started', child };
      } catch (error) {
        return { type: 'error', code: 'start-failed', error };
      }
    });
  }

  /** Stops a child within its `shutdownMs` and forgets it (Erlang `terminate_child` + `delete_child`). */
  terminateChild(id: string): Promise<TerminateChildResult> {
    return this.#enqueue(async (): Promise<TerminateChildResult> => {
      const record = this.#records.get(id);
      if (record === undefined) return { type: 'error', code: 'unknown-child' };
      this.#records.delete(id);
      const child = record.child;
      record.child = undefined;
      const exit: ChildExit = child === undefined ? { type: 'stopped', reason: 'requested', forced: false } : await stopWithin(child, 'requested', record.spec.shutdownMs, this.#services.clock);
      return { type: 'terminated', exit };
    });
  }

  stop(reason: StopReason): Promise<void> {
    if (this.#status === 'running') this.#status = 'stopping';
    this.#stopping ??= this.#enqueue(async () => {
      if (this.#status === 'ended') return;
      await this.#stopChildren(reason);
      this.#finish({ type: 'stopped', reason, forced: false });
    });
    return this.#stopping;
  }

  kill(reason: StopReason): void {
    if (this.#status === 'ended') return;
    this.#killChildren(reason);
    this.#finish({ type: 'stopped', reason, forced: true });
  }

  #enqueue<Result>(operation: () => Promise<Result>): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#services.work.begin();
      const refusal = this.#operations.enqueue(() =>
        operation()
          .then(resolve, (error: unknown) => {
            reject(error);
            this.#fail(error);
          })
          .finally(() => this.#services.work.end()),
      );
      if (refusal !== undefined) {
        this.#services.work.end();
        reject(new Error(`supervisor '${this.name}' has ended`));
      }
    });
  }

  async #launch(record: ChildRecord): Promise<Child> {
    const child = await record.spec.start();
    record.child = child;
    void child.exited.then((exit) =>
      this.#enqueue(() => this.#onExit(record, child, exit)).catch(() => undefined),
    );
    return child;
  }

  async #onExit(record: ChildRecord, child: Child, exit: ChildExit): Promise<void> {
    if (this.#status !== 'running' || this.#records.get(record.spec.id) !== record || record.child !== child) return;
    record.child = undefined;
    const fields = { supervisor: this.name, child: record.spec.id };
    if (exit.type === 'crashed') {
      this.#services.logger.error({ ...fields, err: exit.error }, 'child crashed');
      await this.#childCrashed(record.spec, exit);
    } else {
      this.#services.logger.debug({ ...fields, reason: exit.reason }, 'child stopped');
    }
    if (!shouldRestart(record.spec.restart, exit)) {
      this.#records.delete(record.spec.id);
      return;
    }
    await this.#restart(record.spec.id, exit.type === 'crashed' ? exit.error : exit);
  }

  async #childCrashed(spec: ChildSpec, exit: Extract<ChildExit, { type: 'crashed' }>): Promise<void> {
    try {
      await this.#options.onChildCrashed?.(spec, exit.snapshot, exit.error);
    } catch (error) {
      this.#services.logger.error({ supervisor: this.name, child: spec.id, err: error }, 'onChildCrashed hook failed');
    }
  }

  async #restart(failedId: string, cause: unknown): Promise<void> {
    if (this.#intensityExceeded()) return this.#escalate(cause);
    const plan = planRestart(this.#options.strategy, [...this.#records.keys()], failedId);
    for (const id of plan.stop) await this.#stopForRestart(id);
    for (const id of plan.start) {
      const record = this.#records.get(id);
      if (this.#status !== 'running') return;
      if (record !== undefined) await this.#startWithRetries(record);
    }
  }

  async #stopForRestart(id: string): Promise<void> {
    const record = this.#records.get(id);
    if (record === undefined) return;
    const child = record.child;
    record.child = undefined;
    if (child !== undefined) await stopWithin(child, 'shutdown', record.spec.shutdownMs, this.#services.clock);
    if (record.spec.restart === 'temporary') this.#records.delete(id);
  }

  async #startWithRetries(record: ChildRecord): Promise<void> {
    for (;;) {
      try {
        await this.#launch(record);
        return;
      } catch (error) {
        this.#services.logger.error({ supervisor: this.name, child: record.spec.id, err: error }, 'child failed to restart');
        if (this.#intensityExceeded()) return this.#escalate(error);
      }
    }
  }

  #intensityExceeded(): boolean {
    const recorded = recordRestart(this.#restarts, this.#services.clock.now(), this.#options);
    this.#restarts = recorded.history;
    return recorded.exceeded;
  }

  async #escalate(cause: unknown): Promise<void> {
    const error = new ActorEscalatedError(this.name, this.#options, cause);
    this.#services.logger.error({ supervisor: this.name, err: error }, 'restart intensity exceeded; escalating');
    this.#status = 'stopping';
    await this.#stopChildren('shutdown');
    this.#finish({ type: 'crashed', error, snapshot: undefined });
  }

  /** A supervisor operation threw: a bug in the supervisor, which crashes, killing its children. */
  #fail(error: unknown): void {
    if (this.#status === 'ended') return;
    this.#services.logger.error({ supervisor: this.name, err: error }, 'supervisor operation failed');
    this.#killChildren('shutdown');
    this.#finish({ type: 'crashed', error, snapshot: undefined });
  }

  #killChildren(reason: StopReason): void {
    for (const record of [...this.#records.values()].reverse()) {
      const child = record.child;
      record.child = undefined;
      child?.kill(reason);
    }
    this.#records.clear();
  }

  async #stopChildren(reason: StopReason): Promise<void> {
    for (const record of [...this.#records.values()].reverse()) {
      const child = record.child;
      record.child = undefined;
      if (child !== undefined) await stopWithin(child, reason, record.spec.shutdownMs, this.#services.clock);
    }
    this.#records.clear();
  }

  /** Ends the supervisor. Queued operations still run, and find it ended. */
  #finish(exit: ChildExit): void {
    if (this.#status === 'ended') return;
    this.#status = 'ended';
    this.#resolveExit(exit);
  }
}

/** Whether a child that ended this way is started again under `policy`. */
export function shouldRestart(policy: RestartPolicy, exit: ChildExit): boolean {
  if (policy === 'temporary') return false;
  if (exit.type === 'stopped' && (exit.reason === 'migrating' || exit.reason === 'duplicate')) return false;
  return policy === 'permanent' || exit.type === 'crashed';
}
