/**
 * The contact center's lease on a real Redis: each test under a key prefix of its own, leases with
 * a short time to live so that lapses happen within the test.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createLocalLease, createRedisLease, type ContactCenterLease, type LeaseState } from './contact-center-lease.ts';

const TTL_MS = 300;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const quiet = { info: () => undefined, warn: () => undefined };

function connection(): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1, retryStrategy: () => null });
  cleanups.push(() => void redis.disconnect());
  return redis;
}

async function lease(keyPrefix: string, nodeId: string, redis = connection()): Promise<ContactCenterLease & { readonly changes: LeaseState[] }> {
  const started = await createRedisLease({ redis, keyPrefix, nodeId, ttlMs: TTL_MS, log: quiet });
  const changes: LeaseState[] = [];
  started.onChange((state) => changes.push(state));
  cleanups.push(() => started.close());
  return Object.assign(started, { changes });
}

describe('the contact center lease', () => {
  it('makes the first node to ask the owner, with an epoch, and names it to the others', async () => {
    const prefix = `test:lease:${randomUUID()}:`;
    const first = await lease(prefix, 'node-a');
    const second = await lease(prefix, 'node-b');
    assert.equal(first.state().type, 'owner');
    assert.deepEqual(second.state(), { type: 'follower', ownerNodeId: 'node-a' });
    const redis = connection();
    assert.equal(await redis.get(`${prefix}contact-center:owner`), 'node-a');
    const epoch = Number(await redis.get(`${prefix}contact-center:epoch`));
    assert.ok(epoch >= 1);
    assert.deepEqual(first.state(), { type: 'owner', epoch });
  });

  it('keeps the lease past its time to live while the owner renews it: another node cannot take it', async () => {
    const prefix = `test:lease:${randomUUID()}:`;
    const first = await lease(prefix, 'node-a');
    const second = await lease(prefix, 'node-b');
    const redis = connection();
    const deadline = Date.now() + 4 * TTL_MS;
    // Watch the holder for four times the lease's life: it never changes.
    assert.equal(await waitUntil(async () => (await redis.get(`${prefix}contact-center:owner`)) !== 'node-a' || Date.now() > deadline, { intervalMs: 20 }), true);
    assert.equal(await redis.get(`${prefix}contact-center:owner`), 'node-a');
    assert.equal(first.state().type, 'owner');
    assert.equal(second.state().type, 'follower');
    assert.deepEqual(first.changes, []);
    assert.deepEqual(second.changes, []);
  });

  it('lets another node take the lease, with a higher epoch, once the holder stops renewing it', async () => {
    const prefix = `test:lease:${randomUUID()}:`;
    const firstRedis = connection();
    const first = await lease(prefix, 'node-a', firstRedis);
    const firstEpoch = first.state().type === 'owner' ? (first.state() as { epoch: number }).epoch : 0;
    const second = await lease(prefix, 'node-b');
    // The holder's Redis goes away: it can neither renew nor release.
    firstRedis.disconnect();
    const lostAt = Date.now();
    assert.ok(await waitUntil(() => second.state().type === 'owner', { timeoutMs: 5_000 }), 'the second node took the lease');
    assert.ok(Date.now() - lostAt >= TTL_MS / 2, 'not before the lease could lapse');
    const secondState = second.state();
    assert.ok(secondState.type === 'owner' && secondState.epoch > firstEpoch, 'a higher fencing epoch');
    assert.ok(await waitUntil(() => first.state().type === 'follower'), 'the former holder gave it up');
  });

  it('hands the lease over at once when its holder stops', async () => {
    const prefix = `test:lease:${randomUUID()}:`;
    const first = await lease(prefix, 'node-a');
    const second = await lease(prefix, 'node-b');
    await first.close();
    assert.ok(await waitUntil(() => second.state().type === 'owner', { timeoutMs: 2_000 }));
    assert.deepEqual(second.changes.map((change) => change.type), ['owner']);
  });

  it('hands the lease over, planned, to the node it is promised to: no other node takes it meanwhile', async () => {
    const prefix = `test:lease:${randomUUID()}:`;
    const first = await lease(prefix, 'node-a');
    const before = first.state();
    const second = await lease(prefix, 'node-b');
    const third = await lease(prefix, 'node-c');
    assert.equal(await first.handOver?.('node-c', 10_000), true);
    assert.deepEqual(first.state(), { type: 'follower', ownerNodeId: undefined });
    // The second node looks at the free lease first: it is promised to the third.
    await second.refresh?.();
    assert.equal(second.state().type, 'follower');
    await third.refresh?.();
    const taken = third.state();
    assert.ok(taken.type === 'owner' && before.type === 'owner' && taken.epoch > before.epoch, JSON.stringify(taken));
    assert.ok(await waitUntil(() => second.state().type === 'follower' && (second.state() as { ownerNodeId?: string }).ownerNodeId === 'node-c'));
    assert.equal(await second.handOver?.('node-a', 10_000), false, 'a follower has nothing to hand over');
  });

  it('makes a node without Redis the owner, its lease not handed over', () => {
    assert.equal(createLocalLease().handOver, undefined);
  });

  it('makes a node without Redis the owner', () => {
    assert.deepEqual(createLocalLease().state(), { type: 'owner', epoch: 1 });
  });
});
