/**
 * The time source of the media workers.
 *
 * @remarks
 * Pure code (pacing, counters, snapshots) takes time from this interface, never from `Date.now`
 * or `setTimeout` directly, so tests can drive it. Times are epoch milliseconds with sub-millisecond
 * resolution; the system clock derives them from the monotonic `performance.now()` so that pacing
 * does not jump when the wall clock is adjusted.
 */
import { performance } from 'node:perf_hooks';

/** A clock with one-shot timers scheduled at an absolute time. */
export type MediaClock = {
  /** The current time, epoch milliseconds. */
  nowMs(): number;
  /** Calls `callback` once at (or just after) `timeMs`; returns a function that cancels it. */
  at(timeMs: number, callback: () => void): () => void;
};

/** The clock of a running worker: `performance.timeOrigin + performance.now()` and `setTimeout`. */
export const systemClock: MediaClock = {
  nowMs: () => performance.timeOrigin + performance.now(),
  at(timeMs, callback) {
    const timer = setTimeout(callback, Math.max(0, timeMs - (performance.timeOrigin + performance.now())));
    return () => clearTimeout(timer);
  },
};
