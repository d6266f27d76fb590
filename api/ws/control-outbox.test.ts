import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOutbox, type OutboxSocket } from './control-outbox.ts';

function fakeSocket(): OutboxSocket & { writes: string[][] } {
  const writes: string[][] = [];
  let batch: string[] | undefined;
  return {
    writes,
    cork(write) {
      batch = [];
      write();
      writes.push(batch);
      batch = undefined;
    },
    send(message) {
      (batch ?? (writes[writes.length] = [])).push(String(message));
      return 1;
    },
  };
}

describe('control outbox', () => {
  it('MUST write every frame queued during a task in one corked batch per socket, in order, then tell afterWrite', async () => {
    const socket = fakeSocket();
    const key = {};
    const written: object[] = [];
    const outbox = createOutbox<object>(() => undefined, (target) => written.push(target));
    for (const frame of ['a', 'b', 'c']) outbox.push(key, () => socket, false, frame);
    assert.equal(outbox.queuedBytes(key), 3);
    await Promise.resolve();
    assert.deepEqual([socket.writes, written, outbox.queuedBytes(key)], [[['a', 'b', 'c']], [key], 0]);
  });

  it('MUST write at once on flush (before a close), and drop the frames of a socket that is gone', async () => {
    const socket = fakeSocket();
    const outbox = createOutbox<object>(() => undefined, () => undefined);
    const open = {};
    const gone = {};
    outbox.push(open, () => socket, false, 'x');
    outbox.push(gone, () => undefined, false, 'y');
    outbox.flush(open);
    assert.deepEqual(socket.writes, [['x']]);
    await Promise.resolve();
    assert.deepEqual(socket.writes, [['x']]);
  });
});
