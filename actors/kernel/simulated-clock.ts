/**
 * A clock driven by the test: time moves only when told to, and due callbacks run in deadline
 * order while it moves.
 *
 * @remarks
 * Unit and property tests use it instead of sleeping. Like xstate's SimulatedClock, but with
 * absolute deadlines, matching the {@link Clock} port.
 */
import type { CancelTimer, Clock } from './clock.ts';

/** A {@link Clock} whose time the test moves forward. */
export interface SimulatedClock extends Clock {
  /** Moves time forward by `durationMs`, running every callback that falls due on the way. */
  advanceBy(durationMs: number): void;
  /** Moves time forward to `atMs` (never backward), running due callbacks in deadline order. */
  advanceTo(atMs: number): void;
  /** How many callbacks are scheduled and not yet run or cancelled. */
  pendingCount(): number;
  /** The earliest scheduled deadline, or `undefined` when nothing is scheduled. */
  nextDeadline(): number | undefined;
}

interface ScheduledCallback {
  readonly atMs: number;
  readonly sequence: number;
  readonly callback: () => void;
}

/**
 * Creates a simulated clock that starts at `startMs` (epoch ms, 0 by default).
 *
 * @remarks
 * Callbacks sharing a deadline run in the order they were scheduled, each with `now()` equal to its
 * deadline. A callback scheduled for a time already reached runs on the next advance (also
 * `advanceBy(0)`), never synchronously inside `schedule`, so no caller is re-entered.
 */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  let nowMs = startMs;
  let sequence = 0;
  let queue: ScheduledCallback[] = [];

  const takeDue = (limitMs: number): ScheduledCallback | undefined => {
    let earliest: ScheduledCallback | undefined;
    for (const entry of queue) {
      if (entry.atMs > limitMs) continue;
      if (earliest === undefined || entry.atMs < earliest.atMs || (entry.atMs === earliest.atMs && entry.sequence < earliest.sequence)) {
        earliest = entry;
      }
    }
    if (earliest !== undefined) queue = queue.filter((entry) => entry !== earliest);
    return earliest;
  };

  const advanceTo = (targetMs: number): void => {
    if (!Number.isFinite(targetMs)) throw new RangeError(`cannot advance a simulated clock to ${targetMs}`);
    const limitMs = Math.max(nowMs, targetMs);
    for (let due = takeDue(limitMs); due !== undefined; due = takeDue(limitMs)) {
      nowMs = Math.max(nowMs, due.atMs);
      due.callback();
    }
    nowMs = limitMs;
  };

  return {
    now: () => nowMs,
    schedule: (atMs: number, callback: () => void): CancelTimer => {
      const entry: ScheduledCallback = { atMs, sequence: sequence++, callback };
      queue.push(entry);
      return () => {
        queue = queue.filter((candidate) => candidate !== entry);
      };
    },
    advanceBy: (durationMs) => advanceTo(nowMs + durationMs),
    advanceTo,
    pendingCount: () => queue.length,
    nextDeadline: () => (queue.length === 0 ? undefined : Math.min(...queue.map((entry) => entry.atMs))),
  };
}
