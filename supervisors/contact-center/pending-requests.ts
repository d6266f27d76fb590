/**
 * The requests a node asked of the contact center's owner and waits on: each has an id, is
 * settled by its reply, and fails when no reply comes within its time, so a caller never hangs
 * on a node that died or lost the lease.
 */

export type RequestOutcome<Value> =
  | { readonly type: 'replied'; readonly value: Value }
  | { readonly type: 'failed'; readonly reason: 'timeout' | 'closed' | 'refused'; readonly message: string };

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface PendingRequests {
  /** A new request id and the outcome it resolves to. */
  open<Value>(): { readonly requestId: string; readonly outcome: Promise<RequestOutcome<Value>> };
  /** Settles a request with its reply; false when none waits under that id (late or unknown). */
  settle(requestId: string, outcome: RequestOutcome<unknown>): boolean;
  /** How many requests wait. */
  size(): number;
  /** Fails every waiting request (`closed`). */
  close(): void;
}

const SYSTEM_TIMERS: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createPendingRequests(options: { readonly timeoutMs: number; readonly idPrefix: string; readonly timers?: Timers }): PendingRequests {
  const timers = options.timers ?? SYSTEM_TIMERS;
  const waiting = new Map<string, { readonly resolve: (outcome: RequestOutcome<unknown>) => void; readonly timer: unknown }>();
  let sequence = 0;
  const settle = (requestId: string, outcome: RequestOutcome<unknown>): boolean => {
    const entry = waiting.get(requestId);
    if (entry === undefined) return false;
    waiting.delete(requestId);
    timers.clear(entry.timer);
    entry.resolve(outcome);
    return true;
  };
  return {
    open<Value>() {
      const requestId = `${options.idPrefix}-${++sequence}`;
      const outcome = new Promise<RequestOutcome<Value>>((resolve) => {
        const timer = timers.set(() => settle(requestId, { type: 'failed', reason: 'timeout', message: `no reply within ${options.timeoutMs} ms` }), options.timeoutMs);
        waiting.set(requestId, { resolve: resolve as (outcome: RequestOutcome<unknown>) => void, timer });
      });
      return { requestId, outcome };
    },
    settle,
    size: () => waiting.size,
    close() {
      for (const requestId of [...waiting.keys()]) settle(requestId, { type: 'failed', reason: 'closed', message: 'the contact-center link closed' });
    },
  };
}
