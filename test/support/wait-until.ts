/**
 * Polls a condition until it holds or a deadline passes: tests wait for what they expect to
 * happen, never for a fixed time.
 */

/** Resolves with the first value `probe` returns that is not `undefined`; rejects at the deadline. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
