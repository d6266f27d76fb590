/**
 * Draining nodes of a cluster on a real Redis (a key prefix per test), with two HA runtimes and no
 * calls: a slave is only marked; a master with no undrained slave refuses; a drained master hands
 * the lease over and stays a slave; when the other node dies, the drained node becomes master
 * anyway, once the dead node's heartbeat is gone; a standalone node refuses to be drained. The
 * status lists every node with its load, health and drained mark.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createHaRuntime, type HaRuntime } from './ha-runtime.ts';
import { createLoadSampler } from './node-load.ts';

const LEASE_MS = 600;
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A node with no calls: its calls port answers as an idle call service does. */
function node(prefix: string, name: string): HaRuntime {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  const runtime = createHaRuntime({
    redis, keyPrefix: prefix, nodeName: name, leaseMs: LEASE_MS, detection: 'process', log: quiet,
    calls: { attachReplication: () => undefined, replicaOf: () => undefined, callIds: () => [], resume: () => Promise.reject(new Error('no replica')), quiesce: () => Promise.resolve(0), activeCallCount: () => 0 },
    load: createLoadSampler({ calls: () => 0, actors: () => ({ call: 0 }), media: () => ({ readyWorkers: 1, workers: 1, sessionsPerWorker: [0] }) }),
    storeReachable: () => Promise.resolve(true),
  });
  cleanups.push(async () => {
    await runtime.close();
    redis.disconnect();
  });
  return runtime;
}

async function pair(): Promise<{ a: HaRuntime; b: HaRuntime }> {
  const prefix = `test:ha-drain:${randomUUID()}:`;
  const a = node(prefix, 'node-a');
  const b = node(prefix, 'node-b');
  await a.reconfigure({ node_type: 'master', remote_address: '192.0.2.2' });
  await b.reconfigure({ node_type: 'slave', remote_address: '192.0.2.1' });
  assert.ok(await waitUntil(async () => a.role().type === 'master' && (await a.status()).nodes.length === 2, { timeoutMs: 5_000 }), 'A master, both nodes seen');
  return { a, b };
}

describe('draining a node', () => {
  it('MUST only mark a slave, refuse to drain the master while its only slave is drained, and undrain', async () => {
    const { a, b } = await pair();
    const marked = await a.drain('node-b');
    assert.deepEqual(marked.type === 'ok' ? { ...marked, durationMs: 0 } : marked, { type: 'ok', node: 'node-b', role: 'slave', to: null, migratedCalls: 0, droppedCalls: 0, durationMs: 0 });
    const status = await a.status();
    assert.deepEqual(status.nodes.map((each) => [each.name, each.role, each.drained, each.health?.ok, each.load?.media.workers]), [['node-a', 'master', false, true, 1], ['node-b', 'slave', true, true, 1]]);
    const refused = await a.drain();
    assert.deepEqual(refused, { type: 'refused', reason: 'no live slave that is not drained can take the calls' });
    assert.equal(a.role().type, 'master', 'nothing changed');
    assert.deepEqual(await b.undrain(), { type: 'ok', node: 'node-b', wasDrained: true });
    assert.equal((await a.status()).nodes.find((each) => each.name === 'node-b')?.drained, false);
  });

  it('MUST hand a drained master over and keep it a slave; when the other node dies, it becomes master once that node is gone', async () => {
    const { a, b } = await pair();
    const drained = await a.drain();
    assert.ok(drained.type === 'ok' && drained.role === 'master' && drained.to === 'node-b', JSON.stringify(drained));
    assert.ok(await waitUntil(() => b.role().type === 'master', { timeoutMs: 5_000 }), 'B took over');
    const recorded = (await b.status()).lastHandover;
    assert.deepEqual([recorded?.node, recorded?.to, recorded?.drained], ['node-a', 'node-b', true]);
    assert.equal((await a.switchover()).type, 'refused', 'A is no longer master');

    const closedAt = Date.now();
    await b.close();
    assert.ok(await waitUntil(() => a.role().type === 'master', { timeoutMs: 8_000 }), 'A, drained, takes over once B is gone');
    // Not before B's last heartbeat went stale (3 s): the lease itself was free at once.
    assert.ok(Date.now() - closedAt >= 1_500, `A waited for B's heartbeat to go stale (${String(Date.now() - closedAt)} ms)`);
    assert.equal((await a.status()).nodes.find((each) => each.name === 'node-a')?.drained, true, 'it keeps its mark');
  });

  it('MUST refuse to drain a standalone node, and list it with its load', async () => {
    const solo = node(`test:ha-drain:${randomUUID()}:`, 'solo');
    await solo.reconfigure({ node_type: 'disabled', remote_address: '' });
    const refused = await solo.drain();
    assert.equal(refused.type, 'refused');
    assert.match(refused.type === 'refused' ? refused.reason : '', /standalone/);
    const status = await solo.status();
    assert.deepEqual(status.nodes.map((each) => [each.name, each.role, each.load?.actors]), [['solo', 'standalone', { call: 0 }]]);
  });
});
