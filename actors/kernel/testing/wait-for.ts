/**
 * Waits for a condition to hold, checking once per event-loop turn: tests wait for states, not for
 * fixed delays.
 */

/** Resolves once `condition()` is true; rejects after `maxTurns` event-loop turns (a hung test). */
export async function waitFor(condition: () => boolean, maxTurns = 10_000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn += 1) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition still false after ${maxTurns} event-loop turns`);
}
