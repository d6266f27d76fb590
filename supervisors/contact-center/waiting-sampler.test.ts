/**
 * The waiting-calls sampler: each change recorded at once, and the hour before rebuilt from
 * queue_log's waits, leaving out a wait that no row ended and that no queue holds now.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWaitingSampler } from './waiting-sampler.ts';

const NOW = 1_800_000_000_000;

describe('waiting sampler', () => {
  it('MUST rebuild each queue from its own waits, counting an unended wait only while its call still waits', () => {
    const sampler = createWaitingSampler({ now: () => NOW, queues: () => [], waitingOf: () => undefined });
    sampler.rebuild([
      { queueName: 'sales', callId: 'still-waiting', enteredAtMs: NOW - 30_000, leftAtMs: null },
      { queueName: 'sales', callId: 'node-gone', enteredAtMs: NOW - 30_000, leftAtMs: null },
      { queueName: 'support', callId: 'answered', enteredAtMs: NOW - 30_000, leftAtMs: NOW - 25_000 },
    ], [{ queueId: 1, name: 'sales' }, { queueId: 2, name: 'support' }], (queueId) => new Set(queueId === 1 ? ['still-waiting'] : []));
    sampler.close();
    const most = (queueId: number) => Math.max(...sampler.history.samples(queueId, NOW).map((sample) => sample.maxWaiting));
    assert.deepEqual([most(1), most(2), sampler.history.samples(2, NOW).at(-1)?.waiting], [1, 1, 0]);
  });

  it('MUST record a change in the slot of the moment it is told', () => {
    const sampler = createWaitingSampler({ now: () => NOW + 3_000, queues: () => [], waitingOf: () => undefined });
    sampler.changed(4, 2);
    sampler.close();
    assert.deepEqual(sampler.history.samples(4, NOW + 3_000), [{ atMs: NOW, waiting: 2, maxWaiting: 2 }]);
  });
});
