/**
 * Stops a child gracefully, and kills it when that takes longer than its `shutdownMs`.
 *
 * @remarks
 * Erlang/OTP's shutdown: `shutdownMs` of 0 (or less) kills at once (brutal kill); an infinite
 * `shutdownMs` waits as long as it takes (for child supervisors, which bound their own children).
 * The delay runs on the injected clock. A graceful stop that fails is followed by a kill too.
 */
import type { CancelTimer, Clock } from './clock.ts';
import type { Child, ChildExit, StopReason } from './lifecycle.ts';

/** Stops `child` within `shutdownMs` and resolves with how it ended. */
export async function stopWithin(child: Child, reason: StopReason, shutdownMs: number, clock: Clock): Promise<ChildExit> {
  if (shutdownMs <= 0) {
    child.kill(reason);
    return child.exited;
  }
  let cancel: CancelTimer = () => undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    if (Number.isFinite(shutdownMs)) cancel = clock.schedule(clock.now() + shutdownMs, () => resolve('timed-out'));
  });
  const stopped = child.stop(reason).then(
    () => 'stopped' as const,
    () => 'failed' as const,
  );
  const first = await Promise.race([stopped, timedOut]);
  cancel();
  if (first !== 'stopped') child.kill(reason);
  return child.exited;
}
