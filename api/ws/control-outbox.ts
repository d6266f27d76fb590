/**
 * Frames on their way to control sockets, written in batches: every frame queued during one task
 * (a burst of bus events, a replay) goes out in one corked write per socket when the task's
 * microtasks run, instead of one system call per frame.
 *
 * @remarks
 * The bytes still queued here count as the socket's queued bytes for the back-pressure bounds.
 * A close writes what its socket has queued first, so a close frame never overtakes a reply.
 */

export interface OutboxSocket {
  cork(write: () => void): unknown;
  send(message: string | Uint8Array, isBinary: boolean): number;
}

interface Pending {
  readonly socket: () => OutboxSocket | undefined;
  readonly binary: boolean;
  readonly frames: (string | Uint8Array)[];
  bytes: number;
}

export interface Outbox<Key extends object> {
  push(key: Key, socket: () => OutboxSocket | undefined, binary: boolean, frame: string | Uint8Array): void;
  /** Writes what `key` has queued, now. */
  flush(key: Key): void;
  queuedBytes(key: Key): number;
}

/** `afterWrite` hears of each batch written, so that a slow client's catch-up goes on while its socket takes everything. */
export function createOutbox<Key extends object>(onError: (error: unknown) => void, afterWrite: (key: Key) => void): Outbox<Key> {
  const pending = new Map<Key, Pending>();
  let scheduled = false;
  const write = (entry: Pending): void => {
    const socket = entry.socket();
    if (socket === undefined) return;
    try {
      socket.cork(() => {
        for (const frame of entry.frames) socket.send(frame, entry.binary);
      });
    } catch (error) {
      onError(error);
    }
  };
  const flushAll = (): void => {
    scheduled = false;
    const entries = [...pending];
    pending.clear();
    for (const [key, entry] of entries) {
      write(entry);
      afterWrite(key);
    }
  };
  return {
    push(key, socket, binary, frame) {
      let entry = pending.get(key);
      if (entry === undefined) {
        entry = { socket, binary, frames: [], bytes: 0 };
        pending.set(key, entry);
      }
      entry.frames.push(frame);
      entry.bytes += frame.length;
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flushAll);
      }
    },
    flush(key) {
      const entry = pending.get(key);
      if (entry === undefined) return;
      pending.delete(key);
      write(entry);
    },
    queuedBytes: (key) => pending.get(key)?.bytes ?? 0,
  };
}
