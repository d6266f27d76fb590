/**
 * A node taking over as master on a real Redis (a key prefix per test): SIP requests in the dialogs
 * of the calls it finds replicated wait from before the service address moves here until those
 * calls are carried on, and never longer than the limit.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { CallReplica } from '../calls/call-replica.ts';
import type { ResumeOutcome } from '../calls/call-resume.ts';
import { callReplicasKey } from './call-replication.ts';
import { TAKEOVER_HOLD_LIMIT_MS } from './calls-passage.ts';
import { createHaRuntime } from './ha-runtime.ts';
import { leaseKeys } from './master-lease.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function replica(callId: string): CallReplica {
  return {
    v: 1, callId, node: 'node-old',
    call: { v: 1, kind: 'call', id: callId, epoch: 1, timers: {}, data: { state: 'established', callId } as never },
    channels: [], userIds: [], trunkIds: [], writtenAtMs: Date.now(),
  };
}

/** A node that becomes master of a cluster whose old master left call `c1` replicated; `resume` carries it on. */
async function takeOver(resume: (replica: CallReplica, record: (event: string) => void) => Promise<ResumeOutcome>): Promise<string[]> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  const prefix = `test:ha-takeover:${randomUUID()}:`;
  await redis.set(leaseKeys(prefix).epoch, '1');
  await redis.hset(callReplicasKey(prefix), 'c1', JSON.stringify(replica('c1')));
  const events: string[] = [];
  const runtime = createHaRuntime({
    redis, keyPrefix: prefix, nodeName: 'node-new', leaseMs: 600, detection: 'process', takeoverCommand: 'true',
    log: { info: (_fields, message) => void events.push(message), warn: (_fields, message) => void events.push(message), error: (_fields, message) => void events.push(message) },
    calls: { attachReplication: () => undefined, replicaOf: () => undefined, callIds: () => [], resume: (carried) => resume(carried, (event) => events.push(event)), quiesce: () => Promise.resolve(0), activeCallCount: () => 0 },
    holdUnknownDialogs: (limitMs) => {
      events.push(`hold ${String(limitMs)}`);
      return () => events.push('hold ended');
    },
  });
  cleanups.push(async () => {
    await runtime.close();
    await redis.del(callReplicasKey(prefix), leaseKeys(prefix).epoch, leaseKeys(prefix).master);
    redis.disconnect();
  });
  await runtime.reconfigure({ node_type: 'master', remote_address: '192.0.2.2' });
  assert.ok(await waitUntil(() => runtime.role().type === 'master', { timeoutMs: 5_000 }), 'the node took over');
  return events.filter((event) => !event.startsWith('HA: this node'));
}

describe('a node taking over as master', () => {
  it('MUST hold in-dialog requests from before the service address moves until the replicated calls are carried on', async () => {
    const events = await takeOver(async (carried, record) => {
      record(`resume ${carried.callId}`);
      return { type: 'resumed', callId: carried.callId };
    });
    assert.deepEqual(events.slice(0, 4), [`hold ${String(TAKEOVER_HOLD_LIMIT_MS)}`, 'HA: command ran', 'resume c1', 'hold ended']);
  });

  it('MUST end the hold when a call cannot be carried on', async () => {
    const events = await takeOver(() => Promise.reject(new Error('no media worker')));
    assert.deepEqual(events.slice(0, 4), [`hold ${String(TAKEOVER_HOLD_LIMIT_MS)}`, 'HA: command ran', 'hold ended', 'HA: call ended instead of carried on']);
  });
});
