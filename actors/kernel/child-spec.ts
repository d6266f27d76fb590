/**
 * Supervision as data: child specs and supervisor options.
 *
 * @remarks
 * Erlang/OTP's vocabulary (Kazoo and acdc use it for the same purposes): a child is restarted
 * according to its own policy, and a supervisor that restarts too often gives up and fails upward.
 */
import type { Child } from './lifecycle.ts';
import type { ActorSnapshot } from './snapshot.ts';

/**
 * When a child that ended is started again.
 *
 * @remarks
 * `permanent`: always (transports, queues). `transient`: only after a crash (an agent's listener and
 * FSM). `temporary`: never (calls and channels: a restarted call would be a new call to the
 * callers). A child that ended because it moved away (`migrating`, `duplicate`) is never restarted.
 */
export type RestartPolicy = 'permanent' | 'transient' | 'temporary';

/**
 * Which children a restart involves.
 *
 * @remarks
 * `oneForOne`: only the failed child. `oneForAll`: every child is stopped (in reverse start order)
 * and all are started again in order. `restForOne`: the children started after the failed one are
 * stopped, then it and they are started again in order. Temporary siblings stopped on the way are not
 * started again.
 */
export type SupervisorStrategy = 'oneForOne' | 'oneForAll' | 'restForOne';

/** One supervised child, as data. */
export interface ChildSpec<Started extends Child = Child> {
  /** Unique among the children of one supervisor. */
  readonly id: string;
  /** Starts (or restarts) the child; a rejection counts as a crash of the child. */
  readonly start: () => Promise<Started>;
  readonly restart: RestartPolicy;
  /** How long a graceful stop may take before the child is killed. */
  readonly shutdownMs: number;
}

/**
 * Called for every crashed child, before the restart decision.
 *
 * @remarks
 * This is where the call supervisor frees the media, sends BYE or CANCEL and writes the call log
 * of a crashed (temporary) call, from its last snapshot. A hook that throws is logged; it does not
 * crash the supervisor.
 */
export type ChildCrashedHook = (spec: ChildSpec, snapshot: ActorSnapshot | undefined, error: unknown) => void | Promise<void>;

/** A supervisor's configuration. */
export interface SupervisorOptions {
  /** Names it in logs and in the escalation error. */
  readonly name: string;
  readonly strategy: SupervisorStrategy;
  /** Restarts tolerated within `withinMs`; one more makes the supervisor give up and fail upward. */
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly onChildCrashed?: ChildCrashedHook;
}
