/**
 * Waits for a condition with a deadline: tests assert on conditions, never on fixed sleeps.
 */

/** Polls `condition` every `intervalMs` until it holds (true) or `timeoutMs` passes (false). */
export async function waitUntil(condition: () => boolean | Promise<boolean>, options: { readonly timeoutMs?: number; readonly intervalMs?: number } = {}): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
