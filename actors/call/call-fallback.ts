/**
 * A call following a fallback: the destination a group or a user gives for the cases it does not
 * take the call (Wazo's dialactions: no answer, busy, congestion, unreachable).
 *
 * @remarks
 * Pure. A fallback is routed again as a forward is (a number in a context, or a user, group, IVR or
 * mailbox directly), and counts as one forward against the call's limit; a `hangup` fallback ends
 * the call with its cause.
 */
import { handled, type KernelEffect, type MachineEnv, type Transition } from '../kernel/index.ts';
import { CAUSES, type HangupCause } from '../channel/hangup-cause.ts';
import type { CallEffect, CallEnv, RouteReason } from './call-messages.ts';
import type { CallSnapshot } from './call-snapshot.ts';
import type { FallbackCase, HuntFallback } from './hunt-plan.ts';
import { terminate } from './call-ending.ts';

type Env = MachineEnv<CallEnv>;
type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/** The cause a `hangup` fallback ends the call with. */
export function hangupFallbackCause(cause: Extract<HuntFallback, { type: 'hangup' }>['cause']): HangupCause {
  return cause === 'busy' ? CAUSES.busy : cause === 'congestion' ? CAUSES.congestion : CAUSES.normal;
}

/**
 * Which fallback case a failed dial falls in: busy (Q.850 17), congestion (Q.850 34), no answer
 * (Q.850 19), else the phones could not take the call (Asterisk's CHANUNAVAIL: `fail`).
 */
export function fallbackCaseOf(cause: HangupCause): FallbackCase {
  if (cause.q850 === CAUSES.busy.q850) return 'busy';
  if (cause.q850 === CAUSES.congestion.q850) return 'congestion';
  return cause.q850 === CAUSES.noAnswer.q850 ? 'noanswer' : 'fail';
}

/** Routes the call to `fallback` (one more forward), or ends it with the `hangup` fallback's cause. */
export function followFallback(snapshot: CallSnapshot, fallback: HuntFallback, reason: RouteReason, env: Env): Result {
  if (fallback.type === 'hangup') return terminate(snapshot, hangupFallbackCause(fallback.cause), env);
  const next: CallSnapshot = { ...snapshot, forwards: snapshot.forwards + 1, ...(fallback.type === 'dial' ? { dialed: fallback.dialed } : {}) };
  const resolve: Effect = fallback.type === 'dial'
    ? { type: 'route.resolve', dialed: fallback.dialed, context: fallback.context, reason }
    : { type: 'route.resolve', dialed: snapshot.dialed, context: snapshot.caller.context, reason, target: fallback.target };
  return handled(next, [resolve]);
}
