/**
 * Pending `ask`s of an actor system: each waits for its answer or its timeout, whichever comes
 * first, and is answered exactly once.
 *
 * @remarks
 * comedy's `sendAndReceive` has no timeout, and a handler that never answers would also keep comedy
 * from destroying the actor; so the kernel sends asks as ordinary messages tagged with an id and
 * answers them from here. A late answer (after the timeout) is dropped.
 */
import type { CancelTimer, Clock } from './clock.ts';

/** Why an ask could not reach a running activation or finish there. */
export type UnavailableReason = 'not-found' | 'stopped' | 'crashed' | 'overloaded';

/**
 * The answer to an `ask`: never a hang, never an exception.
 *
 * @remarks
 * `replied` carries the machine's `reply` effect; `accepted` means the message was handled without
 * one; `ignored`/`rejected` are the machine's own outcomes for a message its state did not expect.
 */
export type AskResult<Reply> =
  | { readonly type: 'replied'; readonly reply: Reply }
  | { readonly type: 'accepted' }
  | { readonly type: 'ignored' | 'rejected'; readonly reason: string }
  | { readonly type: 'timeout'; readonly timeoutMs: number }
  | { readonly type: 'unavailable'; readonly reason: UnavailableReason };

interface PendingAsk {
  readonly resolve: (result: AskResult<unknown>) => void;
  readonly cancelTimeout: CancelTimer;
}

/** Ids, timeouts and answers of the asks in flight. */
export class AskRegistry {
  readonly #clock: Clock;
  readonly #pending = new Map<number, PendingAsk>();
  #nextId = 1;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** How many asks wait for an answer. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Opens an ask that times out `timeoutMs` after now.
   *
   * @throws RangeError when `timeoutMs` is not a positive finite number (a bug in the caller).
   */
  open<Reply>(timeoutMs: number): { readonly askId: number; readonly answer: Promise<AskResult<Reply>> } {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`ask timeout must be a positive number of ms, got ${timeoutMs}`);
    const askId = this.#nextId++;
    const answer = new Promise<AskResult<unknown>>((resolve) => {
      const cancelTimeout = this.#clock.schedule(this.#clock.now() + timeoutMs, () => this.settle(askId, { type: 'timeout', timeoutMs }));
      this.#pending.set(askId, { resolve, cancelTimeout });
    });
    return { askId, answer: answer as Promise<AskResult<Reply>> };
  }

  /** Answers an ask; does nothing when it was already answered or timed out. */
  settle(askId: number, result: AskResult<unknown>): void {
    const pending = this.#pending.get(askId);
    if (pending === undefined) return;
    this.#pending.delete(askId);
    pending.cancelTimeout();
    pending.resolve(result);
  }

  /** Answers every pending ask with `result` (system shutdown). */
  settleAll(result: AskResult<unknown>): void {
    for (const askId of [...this.#pending.keys()]) this.settle(askId, result);
  }
}
