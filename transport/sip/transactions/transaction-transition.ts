/**
 * Small pure helpers the four transaction machines build their steps with.
 *
 * @remarks Each helper takes a step and returns a longer one, so a branch of a machine reads as
 * the sentence of the RFC it implements: enter a state, send, arm a timer, tell the TU.
 */
import type { SipMessage } from '../message/index.ts';
import type { TimerName } from './timer-values.ts';
import { assertTransition, type TransactionState } from './transaction-states.ts';
import type {
  ArmedTimers,
  TransactionEffect,
  TransactionEnv,
  TransactionSnapshotBase,
  TransactionTransition,
} from './transaction-effects.ts';

type AnySnapshot = TransactionSnapshotBase<TransactionState>;
type Step<S> = TransactionTransition<S>;

/** A step that changes nothing yet. */
export function stay<S>(snapshot: S): Step<S> {
  return { snapshot, effects: [] };
}

/** Appends effects. */
export function emit<S>(step: Step<S>, ...effects: readonly TransactionEffect[]): Step<S> {
  return { snapshot: step.snapshot, effects: [...step.effects, ...effects] };
}

/** Replaces fields of the snapshot. */
export function update<S>(step: Step<S>, fields: Partial<S>): Step<S> {
  return { snapshot: { ...step.snapshot, ...fields }, effects: step.effects };
}

/** Moves to `next`, checking the machine's table of allowed transitions. */
export function enter<S extends AnySnapshot>(
  step: Step<S>,
  next: S['state'],
  allowed: Readonly<Record<S['state'], readonly S['state'][]>>,
): Step<S> {
  assertTransition<S['state']>(allowed, step.snapshot.state, next);
  return update(step, { state: next } as Partial<S>);
}

/** Passes a message to the transport. */
export function send<S>(step: Step<S>, message: SipMessage, retransmission: boolean): Step<S> {
  return emit(step, { type: 'message.send', message, retransmission });
}

/** Arms (or re-arms) a timer: records its deadline and asks the runner to start it. */
export function arm<S extends AnySnapshot>(step: Step<S>, name: TimerName, delayMs: number, env: TransactionEnv): Step<S> {
  const timers: ArmedTimers = { ...step.snapshot.timers, [name]: env.now + delayMs };
  return emit(update(step, { timers } as Partial<S>), { type: 'timer.start', name, delayMs });
}

/** Disarms the given timers that are armed. */
export function disarm<S extends AnySnapshot>(step: Step<S>, ...names: readonly TimerName[]): Step<S> {
  const armed = names.filter((name) => step.snapshot.timers[name] !== undefined);
  if (armed.length === 0) return step;
  const timers: Partial<Record<TimerName, number>> = { ...step.snapshot.timers };
  for (const name of armed) delete timers[name];
  const stopped = update(step, { timers } as Partial<S>);
  return emit(stopped, ...armed.map((name): TransactionEffect => ({ type: 'timer.stop', name })));
}

/** Forgets a timer that just fired (the runner already dropped its handle). */
export function consumeTimer<S extends AnySnapshot>(step: Step<S>, name: TimerName): Step<S> {
  const timers: Partial<Record<TimerName, number>> = { ...step.snapshot.timers };
  delete timers[name];
  return update(step, { timers } as Partial<S>);
}

/** True when the snapshot holds a deadline for `name`, i.e. a firing is not stale. */
export function isArmed(snapshot: AnySnapshot, name: TimerName): boolean {
  return snapshot.timers[name] !== undefined;
}

/**
 * Enters "terminated" and disarms every timer still armed.
 *
 * @remarks "The client transaction MUST be destroyed the instant it enters the "Terminated"
 * state" (RFC 3261 §17.1.1.2); the same holds for server transactions (§17.2.1, §17.2.2).
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
export function terminate<S extends AnySnapshot>(
  step: Step<S>,
  allowed: Readonly<Record<S['state'], readonly S['state'][]>>,
): Step<S> {
  const armed = Object.keys(step.snapshot.timers) as TimerName[];
  return enter(disarm(step, ...armed), 'terminated' as S['state'], allowed);
}

/**
 * Arms a wait timer, or terminates at once when its value is zero (reliable transports).
 *
 * @remarks RFC 3261 gives D, I, J and K "a value of zero seconds for reliable transports"; firing a
 * zero timer later would only keep a dead transaction around for a tick.
 */
export function armOrTerminate<S extends AnySnapshot>(
  step: Step<S>,
  name: TimerName,
  delayMs: number,
  env: TransactionEnv,
  allowed: Readonly<Record<S['state'], readonly S['state'][]>>,
): Step<S> {
  return delayMs > 0 ? arm(step, name, delayMs, env) : terminate(step, allowed);
}

/** A step that only logs that the event was not acted upon. */
export function ignore<S>(snapshot: S, reason: string): Step<S> {
  return { snapshot, effects: [{ type: 'log.ignored', reason }] };
}

/** A step that only logs that a TU request was refused. */
export function reject<S>(snapshot: S, reason: string): Step<S> {
  return { snapshot, effects: [{ type: 'log.rejected', reason }] };
}

/**
 * Tells the TU of a transport error once, without changing state.
 *
 * @remarks RFC 6026 §8.8 replaces the end of RFC 3261 §17.2.4 for server transactions: "the server
 * transaction SHOULD inform the TU that a failure has occurred, and MUST remain in the current
 * state", so that a retransmitted request is still recognised as one.
 * https://www.rfc-editor.org/rfc/rfc6026#section-8.8
 */
export function reportTransportErrorOnce<S extends AnySnapshot>(snapshot: S): Step<S> {
  if (snapshot.transportErrorReported) return ignore(snapshot, 'transport error already reported');
  return emit(update(stay(snapshot), { transportErrorReported: true } as Partial<S>), {
    type: 'tu.reportTransportError',
  });
}
