/**
 * One pure step of an actor: a message applied to a persisted snapshot.
 *
 * @remarks
 * Wraps the kind's `transition` with what the kernel owns: the timer table (timer effects are
 * applied here, as data) and stale-timer filtering. The shell and the property tests share it, so
 * what the tests prove about steps holds for running actors.
 */
import type { ActorAddress } from './address.ts';
import type { ActorEffect, ReplyEffect, SendEffect, StopEffect, TimerCancelEffect, TimerStartEffect } from './effects.ts';
import type { ActorMachine, KernelEnv, MachineEnv, MachineSnapshot } from './machine.ts';
import type { ActorMessage, KernelMessage } from './messages.ts';
import type { ActorSnapshot } from './snapshot.ts';
import { applyTimerEffect, sameTimers, timerDeadline, withoutTimer, type TimerTable } from './timer-table.ts';

/** The effects left for the shell to run once timers are applied: kernel sends, replies, stops and kind effects. */
export type OutboundEffect<Effect extends ActorEffect> = Effect | SendEffect | ReplyEffect | StopEffect;

/**
 * How the message was taken: by the machine (`handled`, `ignored`, `rejected`), or dropped by the
 * kernel before the machine saw it (`stale`: a timer fire for a timer cancelled or re-armed since).
 */
export type StepOutcome =
  | { readonly type: 'handled' }
  | { readonly type: 'ignored' | 'rejected'; readonly reason: string }
  | { readonly type: 'stale' };

/** The result of one step. */
export interface StepResult<Data extends MachineSnapshot, Effect extends ActorEffect> {
  readonly outcome: StepOutcome;
  readonly snapshot: ActorSnapshot<Data>;
  readonly effects: readonly OutboundEffect<Effect>[];
  /** True when the snapshot differs from the one given (the replication hook's trigger). */
  readonly changed: boolean;
}

/** The inputs of one step. */
export interface StepInput<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env> {
  readonly machine: ActorMachine<Data, Message, Effect, Env>;
  readonly snapshot: ActorSnapshot<Data>;
  readonly message: Message | KernelMessage;
  readonly env: Env;
  readonly now: number;
  readonly self: ActorAddress;
  readonly from?: ActorAddress | undefined;
}

const STALE_TIMER: StepOutcome = { type: 'stale' };

/**
 * Applies one message.
 *
 * @remarks
 * A `sys.timer.fired` whose timer is no longer armed, or not yet due, is dropped before the machine
 * sees it (cancelled or re-armed meanwhile). A due timer is removed from the table before the machine
 * runs, and stays removed even when the machine ignores the message, so it never fires twice.
 * Exceptions from the machine propagate: they are bugs and crash the actor.
 */
export function step<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env>(
  input: StepInput<Data, Message, Effect, Env>,
): StepResult<Data, Effect> {
  const before = input.snapshot;
  const timers = timersBeforeTransition(before.timers, input.message, input.now);
  if (timers === undefined) return { outcome: STALE_TIMER, snapshot: before, effects: [], changed: false };
  const env = kernelEnvOver(input.env, { now: input.now, self: input.self, from: input.from, timers: before.timers });
  const result = input.machine.transition(before.data, input.message, env);
  if (result.type !== 'handled') {
    const snapshot = timers === before.timers ? before : { ...before, timers };
    return { outcome: result, snapshot, effects: [], changed: snapshot !== before };
  }
  let nextTimers = timers;
  const effects: OutboundEffect<Effect>[] = [];
  for (const effect of result.effects) {
    if (effect.type === 'timer.start' || effect.type === 'timer.cancel') {
      nextTimers = applyTimerEffect(nextTimers, effect as TimerStartEffect | TimerCancelEffect, input.now);
    } else {
      effects.push(effect as OutboundEffect<Effect>);
    }
  }
  const timersAfter = sameTimers(nextTimers, before.timers) ? before.timers : nextTimers;
  const changed = result.snapshot !== before.data || timersAfter !== before.timers;
  const snapshot = changed ? { ...before, timers: timersAfter, data: result.snapshot } : before;
  return { outcome: { type: 'handled' }, snapshot, effects, changed };
}

/**
 * The kind's environment with the kernel's fields on top (they win over same-named kind fields).
 *
 * @remarks
 * Built with `Object.assign`: in the V8 of Node 20, adding properties to an object made by spread
 * (`{ ...env, now }`) falls off a fast path and costs microseconds per message.
 */
function kernelEnvOver<Env>(kindEnv: Env, kernelEnv: KernelEnv): MachineEnv<Env> {
  return Object.assign({}, kindEnv, kernelEnv);
}

function timersBeforeTransition(timers: TimerTable, message: ActorMessage, nowMs: number): TimerTable | undefined {
  if (!isTimerFired(message)) return timers;
  const deadlineMs = timerDeadline(timers, message.name);
  if (deadlineMs === undefined || deadlineMs > nowMs) return undefined;
  return withoutTimer(timers, message.name);
}

function isTimerFired(message: ActorMessage): message is KernelMessage {
  return message.type === 'sys.timer.fired';
}
