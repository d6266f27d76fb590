/**
 * Calls an activation's lifecycle hooks so that their failures are reported, never thrown into the
 * activation.
 *
 * @remarks
 * The replication hook stays synchronous when the hook is, so a transition without asynchronous
 * work costs no promise.
 */
import type { ActorHooks } from './actor-spec.ts';
import type { DeactivationReason } from './lifecycle.ts';
import type { MachineSnapshot } from './machine.ts';
import type { ActorSnapshot } from './snapshot.ts';

/** Calls `onStableTransition`, if any; a throw or rejection goes to `failed`. */
export function callStableHook<Data extends MachineSnapshot>(
  hooks: ActorHooks<Data> | undefined,
  snapshot: ActorSnapshot<Data>,
  failed: (error: unknown) => void,
): void | Promise<void> {
  const hook = hooks?.onStableTransition;
  if (hook === undefined) return undefined;
  try {
    const pending = hook(snapshot);
    return pending instanceof Promise ? pending.then(undefined, failed) : undefined;
  } catch (error) {
    return failed(error);
  }
}

/** Calls `onDeactivate`, if any, and waits for it; a throw or rejection goes to `failed`. */
export async function callDeactivateHook<Data extends MachineSnapshot>(
  hooks: ActorHooks<Data> | undefined,
  reason: DeactivationReason,
  snapshot: ActorSnapshot<Data>,
  failed: (error: unknown) => void,
): Promise<void> {
  try {
    await hooks?.onDeactivate?.(reason, snapshot);
  } catch (error) {
    failed(error);
  }
}
