/**
 * The clock the transaction layer reads time from and arms its timers with.
 *
 * @remarks
 * Transaction machines are pure: they receive `now` and return timer effects. The layer runs those
 * effects through a {@link SipClock}, so production code uses {@link createSystemClock} and tests
 * use {@link createSimulatedClock}, which never sleeps and fires timers in a fixed order.
 */

/** An armed timer, opaque to its holder; pass it back to {@link SipClock.clearTimer}. */
export type TimerHandle = { readonly __brand: 'TimerHandle' };

/** Time and one-shot timers. */
export interface SipClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, `delayMs` from now (a delay that is not a finite positive number counts as 0). */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Disarms a timer; a timer that already fired or was cleared is ignored. */
  clearTimer(handle: TimerHandle): void;
}

/** A {@link SipClock} whose time only moves when the test says so. */
export interface SimulatedClock extends SipClock {
  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, earliest deadline
   * first (two timers due at the same instant fire in the order they were armed). A timer armed by
   * a callback fires in the same call when its deadline is within the window.
   */
  advance(ms: number): void;
  /** How many timers are armed. */
  pendingTimerCount(): number;
  /** The deadline of the earliest armed timer, or undefined when none is armed. */
  nextDeadline(): number | undefined;
}

/**
 * The clock of the running engine: `Date.now()` and Node's timers.
 *
 * @remarks Epoch milliseconds keep deadlines meaningful in snapshots that move between nodes.
 * Timers do not hold the process open (`unref`): a running stack is kept alive by its sockets,
 * and a stack closed with dialogs still up (a session timer runs 15 minutes) must not keep its
 * process from exiting.
 */
export function createSystemClock(): SipClock {
  return {
    now: () => Date.now(),
    setTimer: (delayMs, callback) => setTimeout(callback, sanitizeDelay(delayMs)).unref() as unknown as TimerHandle,
    clearTimer: (handle) => {
      clearTimeout(handle as unknown as ReturnType<typeof setTimeout>);
    },
  };
}

interface SimulatedTimer {
  readonly deadline: number;
  readonly order: number;
  readonly callback: () => void;
}

/**
 * A deterministic clock for tests.
 *
 * @param startMs - The initial value of `now()`; defaults to 0.
 */
export function createSimulatedClock(startMs = 0): SimulatedClock {
  return new ManualClock(startMs);
}

class ManualClock implements SimulatedClock {
  readonly #timers = new Map<number, SimulatedTimer>();
  #currentMs: number;
  #nextOrder = 0;

  constructor(startMs: number) {
    this.#currentMs = startMs;
  }

  now(): number {
    return this.#currentMs;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const order = this.#nextOrder++;
    this.#timers.set(order, { deadline: this.#currentMs + sanitizeDelay(delayMs), order, callback });
    return order as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers.delete(handle as unknown as number);
  }

  advance(ms: number): void {
    const targetMs = this.#currentMs + sanitizeDelay(ms);
    for (let due = this.#earliestDueBy(targetMs); due !== undefined; due = this.#earliestDueBy(targetMs)) {
      this.#timers.delete(due.order);
      this.#currentMs = due.deadline;
      due.callback();
    }
    this.#currentMs = targetMs;
  }

  pendingTimerCount(): number {
    return this.#timers.size;
  }

  nextDeadline(): number | undefined {
    return this.#earliestDueBy(Number.POSITIVE_INFINITY)?.deadline;
  }

  #earliestDueBy(limitMs: number): SimulatedTimer | undefined {
    let best: SimulatedTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.deadline <= limitMs && (best === undefined || isEarlier(timer, best))) best = timer;
    }
    return best;
  }
}

function isEarlier(candidate: SimulatedTimer, current: SimulatedTimer): boolean {
  if (candidate.deadline !== current.deadline) return candidate.deadline < current.deadline;
  return candidate.order < current.order;
}

function sanitizeDelay(delayMs: number): number {
  return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
}
