/**
 * The clock port: the only source of time and delays for the kernel and the actors it runs.
 *
 * @remarks
 * Machines never read time themselves (they get `env.now`), and shells schedule through this port,
 * so tests drive time with a simulated clock and no test sleeps. Times are epoch milliseconds
 * because timer deadlines travel inside snapshots to other nodes.
 */

/** Cancels a scheduled callback; calling it after the callback ran, or twice, does nothing. */
export type CancelTimer = () => void;

/** Reads the time and schedules callbacks at absolute times. */
export interface Clock {
  /** The current time in epoch milliseconds. */
  now(): number;
  /**
   * Runs `callback` once, when the clock reaches `atMs` (at once, asynchronously, when `atMs` is
   * already past).
   */
  schedule(atMs: number, callback: () => void): CancelTimer;
}

/**
 * The longest delay `setTimeout` accepts (2^31 − 1 ms, about 24.8 days); longer delays are
 * chained.
 */
const MAX_TIMEOUT_DELAY_MS = 2_147_483_647;

/**
 * The wall clock of this process.
 *
 * @remarks
 * Delays run on node's monotonic timers while deadlines are wall-clock epoch ms; a callback can
 * therefore run early or late when the wall clock is stepped. The kernel re-checks a timer's
 * deadline against `now()` when it fires and re-arms it if it came early.
 */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    schedule: (atMs, callback) => scheduleAt(atMs, callback),
  };
}

function scheduleAt(atMs: number, callback: () => void): CancelTimer {
  let handle: NodeJS.Timeout | undefined;
  let cancelled = false;
  const arm = (): void => {
    const delayMs = Math.max(0, atMs - Date.now());
    if (delayMs > MAX_TIMEOUT_DELAY_MS) {
      handle = setTimeout(arm, MAX_TIMEOUT_DELAY_MS);
      return;
    }
    handle = setTimeout(() => {
      if (!cancelled) callback();
    }, delayMs);
  };
  arm();
  return () => {
    cancelled = true;
    if (handle !== undefined) clearTimeout(handle);
  };
}
