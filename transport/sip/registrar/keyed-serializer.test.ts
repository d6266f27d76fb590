import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyedSerializer } from './keyed-serializer.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('keyed serializer', () => {
  it('MUST start a task of a key only after the previous task of that key settled', async () => {
    const serializer = createKeyedSerializer();
    const gate = deferred();
    const order: string[] = [];
    const first = serializer.run('k', async () => { await gate.promise; order.push('first'); });
    const second = serializer.run('k', async () => { order.push('second'); });
    gate.resolve();
    await Promise.all([first, second]);
    assert.deepEqual(order, ['first', 'second']);
  });

  it('MUST run tasks of different keys without waiting for each other', async () => {
    const serializer = createKeyedSerializer();
    const gate = deferred();
    const blocked = serializer.run('a', () => gate.promise);
    const free = await serializer.run('b', async () => 'done');
    gate.resolve();
    await blocked;
    assert.equal(free, 'done');
  });

  it('MUST go on with the next task after a task failed', async () => {
    const serializer = createKeyedSerializer();
    const failed = serializer.run('k', async () => Promise.reject(new Error('boom')));
    const next = serializer.run('k', async () => 'next');
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'next');
  });

  it('MUST forget a key once its queue is empty', async () => {
    const serializer = createKeyedSerializer();
    await serializer.run('k', async () => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(serializer.activeKeys, 0);
  });
});
