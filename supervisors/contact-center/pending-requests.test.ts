import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPendingRequests, type Timers } from './pending-requests.ts';

/** Timers fired by hand. */
function manualTimers(): Timers & { fireAll(): void; armed(): number } {
  const armed = new Map<number, () => void>();
  let next = 0;
  return {
    set(callback) {
      armed.set(++next, callback);
      return next;
    },
    clear: (handle) => void armed.delete(handle as number),
    fireAll() {
      for (const [handle, callback] of [...armed]) {
        armed.delete(handle);
        callback();
      }
    },
    armed: () => armed.size,
  };
}

describe('requests waiting on the contact center owner', () => {
  it('resolves a request with its reply and disarms its timer', async () => {
    const timers = manualTimers();
    const pending = createPendingRequests({ timeoutMs: 5_000, idPrefix: 'node-a', timers });
    const { requestId, outcome } = pending.open<string>();
    assert.equal(pending.settle(requestId, { type: 'replied', value: 'done' }), true);
    assert.deepEqual(await outcome, { type: 'replied', value: 'done' });
    assert.equal(timers.armed(), 0);
    assert.equal(pending.size(), 0);
  });

  it('fails a request that no reply settles within its time, never leaving it hanging', async () => {
    const timers = manualTimers();
    const pending = createPendingRequests({ timeoutMs: 5_000, idPrefix: 'node-a', timers });
    const { requestId, outcome } = pending.open();
    timers.fireAll();
    const settled = await outcome;
    assert.equal(settled.type, 'failed');
    assert.equal(settled.type === 'failed' && settled.reason, 'timeout');
    assert.equal(pending.settle(requestId, { type: 'replied', value: 'late' }), false, 'a late reply finds nobody waiting');
  });

  it('gives each request its own id, and a reply settles only its own', async () => {
    const pending = createPendingRequests({ timeoutMs: 5_000, idPrefix: 'node-a', timers: manualTimers() });
    const one = pending.open<number>();
    const two = pending.open<number>();
    assert.notEqual(one.requestId, two.requestId);
    assert.ok(one.requestId.startsWith('node-a-'));
    pending.settle(two.requestId, { type: 'replied', value: 2 });
    assert.deepEqual(await two.outcome, { type: 'replied', value: 2 });
    assert.equal(pending.size(), 1);
    assert.equal(pending.settle('unknown', { type: 'replied', value: 0 }), false);
  });

  it('fails every waiting request when closed', async () => {
    const pending = createPendingRequests({ timeoutMs: 5_000, idPrefix: 'node-a', timers: manualTimers() });
    const outcomes = [pending.open().outcome, pending.open().outcome];
    pending.close();
    for (const outcome of await Promise.all(outcomes)) assert.equal(outcome.type === 'failed' && outcome.reason, 'closed');
  });

  it('times a request out on the real clock', async () => {
    const pending = createPendingRequests({ timeoutMs: 30, idPrefix: 'node-a' });
    const outcome = await pending.open().outcome;
    assert.equal(outcome.type === 'failed' && outcome.reason, 'timeout');
  });
});
