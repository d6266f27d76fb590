/**
 * Counts the work in flight in an actor system (messages travelling or queued, transitions and
 * their effects running, supervisor operations) and tells when none is left.
 *
 * @remarks
 * Tests wait for this condition instead of sleeping: advance the simulated clock, then await
 * `settled()`. Waiting timers are not work; a timer becomes work when it fires.
 */
export class WorkTracker {
  #pending = 0;
  #waiters: (() => void)[] = [];

  /** Work units not yet finished. */
  get pending(): number {
    return this.#pending;
  }

  /** Records the start of one unit of work. */
  begin(): void {
    this.#pending += 1;
  }

  /** Records the end of one unit of work begun with {@link WorkTracker.begin}. */
  end(): void {
    if (this.#pending === 0) throw new Error('WorkTracker.end() without a matching begin()');
    this.#pending -= 1;
    if (this.#pending === 0) this.#wakeWhenStillIdle();
  }

  /**
   * Resolves once no work is pending, checked again after a macrotask turn so that promise chains
   * started by the last piece of work (comedy's deliveries) have been counted.
   */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      if (this.#pending === 0) this.#wakeWhenStillIdle();
    });
  }

  #wakeWhenStillIdle(): void {
    setImmediate(() => {
      if (this.#pending !== 0 || this.#waiters.length === 0) return;
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    });
  }
}
