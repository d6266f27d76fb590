/**
 * The timer table kept in every actor snapshot: timer name → deadline (epoch ms).
 *
 * @remarks
 * Timers are stored as absolute deadlines, never as running OS timers, so that a snapshot moved to
 * another node re-arms them exactly; a deadline that passed while the actor was away fires at once
 * on activation. Names are looked up as own properties only and tables are built with
 * `Object.fromEntries` (which defines, never assigns), so a name such as `constructor` or
 * `__proto__` from a machine or a hostile replica never reaches the object prototype.
 */
import { InvalidEffectError } from '../errors.ts';
import type { TimerCancelEffect, TimerStartEffect } from './effects.ts';

/** Armed timers: name → deadline in epoch ms. */
export type TimerTable = Readonly<Record<string, number>>;

/** The empty table. */
export const NO_TIMERS: TimerTable = Object.freeze({});

/** The deadline of the named timer, or `undefined` when it is not armed. */
export function timerDeadline(table: TimerTable, name: string): number | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * Applies a timer effect at time `nowMs` and returns the new table (the same object when nothing
 * changed).
 *
 * @throws InvalidEffectError when the deadline or delay is not a finite number, or the delay is
 * negative: a bug in the machine.
 */
export function applyTimerEffect(table: TimerTable, effect: TimerStartEffect | TimerCancelEffect, nowMs: number): TimerTable {
  if (effect.type === 'timer.cancel') return withoutTimer(table, effect.name);
  const deadlineMs = deadlineOf(effect, nowMs);
  if (timerDeadline(table, effect.name) === deadlineMs) return table;
  const others = Object.entries(table).filter(([timerName]) => timerName !== effect.name);
  return Object.fromEntries([...others, [effect.name, deadlineMs]]);
}

/** The table without the named timer (the same object when it was not armed). */
export function withoutTimer(table: TimerTable, name: string): TimerTable {
  if (!Object.hasOwn(table, name)) return table;
  return Object.fromEntries(Object.entries(table).filter(([timerName]) => timerName !== name));
}

/** True when both tables arm the same timers at the same deadlines. */
export function sameTimers(left: TimerTable, right: TimerTable): boolean {
  if (left === right) return true;
  const leftNames = Object.keys(left);
  if (leftNames.length !== Object.keys(right).length) return false;
  return leftNames.every((name) => timerDeadline(right, name) === left[name]);
}

function deadlineOf(effect: TimerStartEffect, nowMs: number): number {
  if ('atMs' in effect) {
    if (!Number.isFinite(effect.atMs)) throw new InvalidEffectError(effect.type, `timer '${effect.name}' has deadline ${effect.atMs}`);
    return effect.atMs;
  }
  if (!Number.isFinite(effect.delayMs) || effect.delayMs < 0) {
    throw new InvalidEffectError(effect.type, `timer '${effect.name}' has delay ${effect.delayMs} ms`);
  }
  return nowMs + effect.delayMs;
}
