/** Runs tasks one at a time per key. */
export interface KeyedSerializer {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task running or waiting. */
  readonly activeKeys: number;
}

/**
 * Creates a per-key queue: tasks of one key run in arrival order, one after the other; tasks
 * of different keys run concurrently.
 *
 * @remarks
 * The registrar reads an AOR's bindings, decides, then writes: two REGISTERs of one AOR
 * interleaving between the read and the write would both decide on the old state (the contact
 * limit and the Call-ID/CSeq rule would be checked against bindings about to change). A failed
 * task does not stop the queue. Keys are forgotten once idle, so memory follows live traffic.
 */
export function createKeyedSerializer(): KeyedSerializer {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get activeKeys() {
      return tails.size;
    },
  };
}
