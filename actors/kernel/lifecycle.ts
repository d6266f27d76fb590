/**
 * The lifecycle shared by everything a supervisor can supervise: actors and other supervisors.
 *
 * @remarks
 * A child ends exactly once, either stopped (with a reason) or crashed (with the error and its last
 * snapshot); `exited` tells which. Supervisors decide restarts from that value alone.
 */
import type { ActorSnapshot } from './snapshot.ts';

/**
 * Why an activation ends (style §7.6).
 *
 * @remarks
 * `idle`: unused for a while; `shutdown`: its supervisor or the node stops; `migrating`: it moves to
 * another node; `crashed`: its machine or an effect runner threw; `duplicate`: a higher epoch
 * activation exists elsewhere; `requested`: it stopped itself (a `stop` effect) or was asked to.
 */
export type DeactivationReason = 'idle' | 'shutdown' | 'migrating' | 'crashed' | 'duplicate' | 'requested';

/** A reason to stop a child on purpose (a crash is never requested). */
export type StopReason = Exclude<DeactivationReason, 'crashed'>;

/** How a child ended. */
export type ChildExit =
  | {
      readonly type: 'stopped';
      readonly reason: StopReason;
      /** True when it was killed without its deactivation hook (shutdown timeout, brutal kill). */
      readonly forced: boolean;
      /** Free text, such as the reason of a `stop` effect. */
      readonly detail?: string;
    }
  | {
      readonly type: 'crashed';
      readonly error: unknown;
      /** The last snapshot the child reached, when it has one (actors do; supervisors do not). */
      readonly snapshot: ActorSnapshot | undefined;
    };

/** Something a supervisor starts, watches and stops. */
export interface Child {
  /** Settles once, when the child has ended. Never rejects. */
  readonly exited: Promise<ChildExit>;
  /** Stops gracefully (running its deactivation hooks); resolves once it has ended. */
  stop(reason: StopReason): Promise<void>;
  /** Ends at once, without waiting for hooks or the message in progress. */
  kill(reason: StopReason): void;
}
