/**
 * A mailbox: a FIFO queue drained by one consumer, one item at a time.
 *
 * @remarks
 * comedy dispatches every message to its handler as soon as it arrives; an `async` handler that
 * awaits lets the next message start before the previous one ends. The kernel therefore keeps its
 * own queue: the handler only enqueues, and this loop runs the actor on one message at a time, in
 * arrival order, waiting for each (including the effects it runs) before taking the next.
 * Consumption starts on a microtask, never inside the caller of `enqueue`, so no caller is
 * re-entered by the actor it feeds.
 */

/** Why an item was not accepted. */
export type MailboxRefusal = 'full' | 'closed';

/** A serial FIFO queue with a length limit. */
export class Mailbox<Item> {
  readonly #consume: (item: Item) => void | Promise<void>;
  readonly #limit: number;
  #items: (Item | undefined)[] = [];
  #head = 0;
  #draining = false;
  #closed = false;

  /**
   * @param consume - handles one item; the next waits until its promise settles. It must not throw
   *   or reject: the owner turns failures into its own crash handling.
   * @param limit - the most items waiting at once; more are refused.
   */
  constructor(consume: (item: Item) => void | Promise<void>, limit: number) {
    this.#consume = consume;
    this.#limit = limit;
  }

  /** How many items wait (not counting the one being consumed). */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** True while items are being consumed (or a drain is about to start). */
  get busy(): boolean {
    return this.#draining;
  }

  /**
   * Queues an item; returns why when it is refused.
   *
   * @param overLimit - accept even when full (the kernel's own timer messages, which must not be
   *   lost: a lost timer fire would leave its timer armed forever).
   */
  enqueue(item: Item, overLimit = false): MailboxRefusal | undefined {
    if (this.#closed) return 'closed';
    if (!overLimit && this.size >= this.#limit) return 'full';
    this.#items.push(item);
    if (!this.#draining) {
      this.#draining = true;
      queueMicrotask(() => void this.#drain());
    }
    return undefined;
  }

  /** Refuses further items and returns those still waiting, in order. */
  close(): Item[] {
    this.#closed = true;
    const waiting = this.#items.slice(this.#head) as Item[];
    this.#items = [];
    this.#head = 0;
    return waiting;
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#closed && this.#head < this.#items.length) {
        const item = this.#items[this.#head] as Item;
        this.#items[this.#head] = undefined;
        this.#head += 1;
        this.#compact();
        const pending = this.#consume(item);
        if (pending !== undefined) await pending;
      }
    } finally {
      this.#draining = false;
    }
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
