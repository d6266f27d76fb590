/**
 * Call replicas in a real Redis: written under the master's epoch only, read back checked.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { CallReplica } from '../calls/call-replica.ts';
import { callReplicasKey, createCallReplicator, loadCallReplicas } from './call-replication.ts';
import { leaseKeys } from './master-lease.ts';

const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
after(() => void redis.disconnect());
const quiet = { warn: () => undefined };

function replica(callId: string, state = 'established'): CallReplica {
  return {
    v: 1, callId, node: 'node-a',
    call: { v: 1, kind: 'call', id: callId, epoch: 1, timers: {}, data: { state, callId } as never },
    channels: [], userIds: [7], trunkIds: [], writtenAtMs: Date.now(),
  };
}

describe('call replication', () => {
  it('MUST write the replicas of changed calls under the epoch, delete ended ones, and read them back', async () => {
    const prefix = `test:ha-calls:${randomUUID()}:`;
    await redis.set(leaseKeys(prefix).epoch, '3');
    const live = new Map([['c1', replica('c1')], ['c2', replica('c2', 'queued')]]);
    const replicator = createCallReplicator({ redis, keyPrefix: prefix, replicaOf: (id) => live.get(id), callIds: () => [...live.keys()], log: quiet });
    replicator.start(3);
    assert.equal(await replicator.flush(), true);
    assert.deepEqual((await loadCallReplicas(redis, prefix)).replicas.map((r) => r.callId).sort(), ['c1', 'c2']);
    live.delete('c2');
    replicator.ended('c2');
    assert.equal(await replicator.flush(), true);
    assert.deepEqual((await loadCallReplicas(redis, prefix)).replicas.map((r) => r.callId), ['c1']);
    replicator.stop();
  });

  it('MUST NOT write once another node holds a newer epoch (a replaced master is fenced out)', async () => {
    const prefix = `test:ha-calls:${randomUUID()}:`;
    await redis.set(leaseKeys(prefix).epoch, '4');
    const replicator = createCallReplicator({ redis, keyPrefix: prefix, replicaOf: (id) => replica(id), callIds: () => ['old'], log: quiet });
    replicator.start(4);
    assert.equal(await replicator.flush(), true);
    await redis.set(leaseKeys(prefix).epoch, '5');
    await redis.hdel(callReplicasKey(prefix), 'old');
    replicator.changed('late');
    assert.equal(await replicator.flush(), false);
    assert.deepEqual(await redis.hkeys(callReplicasKey(prefix)), []);
    replicator.stop();
  });

  it('MUST take every call as it is at the instant of the final write, delete ended ones, and write nothing after', async () => {
    const prefix = `test:ha-calls:${randomUUID()}:`;
    await redis.set(leaseKeys(prefix).epoch, '6');
    const live = new Map([['c1', replica('c1')], ['c2', replica('c2')]]);
    const replicator = createCallReplicator({ redis, keyPrefix: prefix, replicaOf: (id) => live.get(id), callIds: () => [...live.keys()], log: quiet, flushDelayMs: 0 });
    replicator.start(6);
    assert.equal(await replicator.flush(), true);
    live.delete('c2');
    replicator.ended('c2');
    const final = replicator.writeFinal();
    // What happens after the call (a BYE answered) is not in the last word, nor written after it.
    live.set('c1', replica('c1', 'terminating'));
    replicator.changed('c1');
    assert.equal(await final, true);
    assert.equal(await replicator.flush(), true);
    const loaded = await loadCallReplicas(redis, prefix);
    assert.deepEqual(loaded.replicas.map((r) => [r.callId, r.call.data.state]), [['c1', 'established']]);
    assert.equal(await replicator.writeFinal(), false, 'stopped: nothing more to write');
  });

  it('MUST report a replica that is not JSON or not a call replica, and read the others', async () => {
    const prefix = `test:ha-calls:${randomUUID()}:`;
    await redis.hset(callReplicasKey(prefix), 'good', JSON.stringify(replica('good')), 'broken', '{not json', 'foreign', JSON.stringify({ v: 1, callId: 'foreign' }));
    const loaded = await loadCallReplicas(redis, prefix);
    assert.deepEqual(loaded.replicas.map((r) => r.callId), ['good']);
    assert.deepEqual(loaded.unreadable.map((bad) => bad.callId).sort(), ['broken', 'foreign']);
  });
});
