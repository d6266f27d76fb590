/**
 * Small pure helpers the four transaction machines build their steps with.
 *
 * @remarks Each helper takes a step and returns a longer one, so a branch of a machine reads as
 * the sentence of the RFC it implements: enter a state, send, arm a timer, tell the TU.
 */
import type { TimerName } from './timer-values.ts';
import { assertTransition, type TransactionState } from './transaction-states.ts';
import type {
  ArmedTimers,
  TerminatedSnapshot,
  TransactionEffect,
  TransactionEnv,
  TransactionKind,
  TransactionSnapshotBase,
  TransactionTransition,
} from './transaction-effects.ts';
import type { WireBytes } from './wire-bytes.ts';

type AnySnapshot = TransactionSnapshotBase<TransactionState> & { readonly kind: TransactionKind };
type Step<S> = TransactionTransition<S>;

/**
 * A machine's table of allowed transitions, seen from some of its states (a machine passes its
 * whole table where a step is typed by one member of its snapshot union).
 */
type AllowedFrom<S extends AnySnapshot> = Readonly<Record<S['state'], readonly TransactionState[]>>;

function checkTransition<S extends AnySnapshot>(allowed: AllowedFrom<S>, from: S['state'], to: TransactionState): void {
  assertTransition<TransactionState>(allowed as Readonly<Record<TransactionState, readonly TransactionState[]>>, from, to);
}

/** The armed timers of a snapshot that has none (shared: snapshots are never mutated). */
export const NO_TIMERS: ArmedTimers = Object.freeze({});

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
export function enter<S extends AnySnapshot>(step: Step<S>, next: S['state'], allowed: AllowedFrom<S>): Step<S> {
  checkTransition(allowed, step.snapshot.state, next);
  return update(step, { state: next } as Partial<S>);
}

/** Passes serialized bytes to the transport. */
export function send<S>(step: Step<S>, bytes: WireBytes, retransmission: boolean): Step<S> {
  return emit(step, { type: 'message.send', bytes, retransmission });
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
  const stopped = update(step, { timers: timersWithout(step.snapshot.timers, armed) } as Partial<S>);
  return emit(stopped, ...armed.map((name): TransactionEffect => ({ type: 'timer.stop', name })));
}

/** Forgets a timer that just fired (the runner already dropped its handle). */
export function consumeTimer<S extends AnySnapshot>(step: Step<S>, name: TimerName): Step<S> {
  return update(step, { timers: timersWithout(step.snapshot.timers, [name]) } as Partial<S>);
}

/**
 * `timers` without `names`, built afresh rather than with `delete`, which would turn the object
 * into a (larger) dictionary; {@link NO_TIMERS} when nothing is left.
 */
function timersWithout(timers: ArmedTimers, names: readonly TimerName[]): ArmedTimers {
  const kept: Partial<Record<TimerName, number>> = {};
  let count = 0;
  for (const name of Object.keys(timers) as TimerName[]) {
    const deadline = timers[name];
    if (deadline === undefined || names.includes(name)) continue;
    kept[name] = deadline;
    count++;
  }
  return count === 0 ? NO_TIMERS : kept;
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
export function terminate<S extends AnySnapshot>(step: Step<S>, allowed: AllowedFrom<S>): Step<S | TerminatedSnapshot<S['kind']>> {
  const armed = Object.keys(step.snapshot.timers) as TimerName[];
  const { snapshot, effects } = disarm(step, ...armed);
  checkTransition(allowed, snapshot.state, 'terminated');
  const terminated: TerminatedSnapshot<S['kind']> = {
    kind: snapshot.kind,
    state: 'terminated',
    timers: NO_TIMERS,
    transportErrorReported: snapshot.transportErrorReported,
  };
  return { snapshot: terminated, effects };
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
  allowed: AllowedFrom<S>,
): Step<S | TerminatedSnapshot<S['kind']>> {
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
