/**
 * A {@link MediaClock} that moves only when a test advances it.
 *
 * @remarks
 * Timers fire in due-time order as `advanceTo` passes them, and a timer may schedule another one
 * that also fires if it falls within the same advance, as with a real clock.
 */
import type { MediaClock } from '../clock.ts';

type Timer = { readonly timeMs: number; readonly callback: () => void; cancelled: boolean };

/** A manually driven clock. */
export class ManualClock implements MediaClock {
  #nowMs: number;
  #timers: Timer[] = [];

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  at(timeMs: number, callback: () => void): () => void {
    const timer: Timer = { timeMs, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward to `timeMs`, firing due timers in order. */
  advanceTo(timeMs: number): void {
    for (;;) {
      const due = this.#timers.filter((timer) => !timer.cancelled && timer.timeMs <= timeMs).sort((left, right) => left.timeMs - right.timeMs)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#nowMs = Math.max(this.#nowMs, due.timeMs);
      due.callback();
    }
    this.#nowMs = Math.max(this.#nowMs, timeMs);
  }

  /** Jumps to `timeMs` first and then fires every due timer late, as after a stalled event loop. */
  stallTo(timeMs: number): void {
    this.#nowMs = Math.max(this.#nowMs, timeMs);
    this.advanceTo(timeMs);
  }

  /** Number of timers still pending. */
  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }
}
