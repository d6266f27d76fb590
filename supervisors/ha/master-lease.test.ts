/**
 * The HA master lease on a real Redis: each test under a key prefix of its own; node A reaches
 * Redis through a proxy that can stop answering (a partition), node B directly.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, Socket, type Server } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { HaRole } from './ha-role.ts';
import { startMasterLease, type MasterLease } from './master-lease.ts';

const TTL_MS = 1_500;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const quiet = { info: () => undefined, warn: () => undefined };

/** A TCP proxy to Redis that can swallow everything (packets dropped, no reset). */
async function partitionableProxy(): Promise<{ port: number; partition(): void }> {
  let blackhole = false;
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(6379, '127.0.0.1');
    sockets.push(client, upstream);
    client.on('data', (chunk) => void (blackhole || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (blackhole || client.write(chunk)));
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  return { port: typeof address === 'object' && address !== null ? address.port : 0, partition: () => void (blackhole = true) };
}

function connection(port = 6379): Redis {
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 0, enableOfflineQueue: true, retryStrategy: () => null });
  cleanups.push(() => void redis.disconnect());
  return redis;
}

interface Watched extends MasterLease {
  readonly changes: { readonly role: HaRole; readonly atMs: number }[];
}

async function lease(prefix: string, nodeName: string, redis: Redis, masterHostAlive?: () => Promise<boolean>): Promise<Watched> {
  const started = await startMasterLease({ redis, keyPrefix: prefix, nodeName, ttlMs: TTL_MS, log: quiet, ...(masterHostAlive === undefined ? {} : { masterHostAlive }) });
  const changes: { role: HaRole; atMs: number }[] = [{ role: started.role(), atMs: performance.now() }];
  started.onChange((role) => changes.push({ role, atMs: performance.now() }));
  cleanups.push(() => started.close());
  return Object.assign(started, { changes });
}

describe('the HA master lease', () => {
  it('makes the first node the master with an epoch, and the other a slave that names it', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    const a = await lease(prefix, 'node-a', connection());
    const b = await lease(prefix, 'node-b', connection());
    assert.equal(a.role().type, 'master');
    assert.deepEqual(b.role(), { type: 'slave', masterNodeName: 'node-a' });
  });

  it('hands the lease to a slave with a higher epoch when the master stops renewing, and the old master stays a slave when it returns', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    const proxy = await partitionableProxy();
    const a = await lease(prefix, 'node-a', connection(proxy.port));
    const b = await lease(prefix, 'node-b', connection());
    const firstEpoch = a.role().type === 'master' ? (a.role() as { epoch: number }).epoch : 0;
    proxy.partition();
    assert.ok(await waitUntil(() => b.role().type === 'master', { timeoutMs: 5_000 }), 'b takes the lease');
    const bRole = b.role();
    assert.ok(bRole.type === 'master' && bRole.epoch > firstEpoch);
    const back = await lease(prefix, 'node-a', connection());
    assert.deepEqual(back.role(), { type: 'slave', masterNodeName: 'node-b' });
  });

  it('when the master loses Redis but stays up, MUST stand down before the slave takes over (never two masters)', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    const proxy = await partitionableProxy();
    const a = await lease(prefix, 'node-a', connection(proxy.port));
    const b = await lease(prefix, 'node-b', connection());
    assert.equal(a.role().type, 'master');
    proxy.partition();
    assert.ok(await waitUntil(() => b.role().type === 'master', { timeoutMs: 5_000 }), 'b takes the lease');
    const aStoodDown = a.changes.find((change) => change.role.type === 'slave')?.atMs;
    const bTookOver = b.changes.find((change) => change.role.type === 'master')?.atMs;
    assert.ok(aStoodDown !== undefined && bTookOver !== undefined, 'both changes seen');
    assert.ok(aStoodDown < bTookOver, `A stood down at ${String(aStoodDown)} ms, B took over at ${String(bTookOver)} ms`);
  });

  it('MUST take back at once, under a new epoch, a lease in its own name it does not hold as master (a renewal answered after it stood down, or its previous process\'s)', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    const redis = connection();
    await redis.set(`${prefix}ha:epoch`, '4');
    await redis.set(`${prefix}ha:master`, 'node-a', 'PX', 60_000);
    const a = await lease(prefix, 'node-a', connection());
    assert.ok(await waitUntil(() => a.role().type === 'master', { timeoutMs: 5_000 }), `A took its lease back: ${JSON.stringify(a.role())}`);
    assert.deepEqual(a.role().type === 'master' ? a.role() : undefined, { ...a.role(), epoch: 5 });
  });

  it('on a planned handover, MUST give the lease to the chosen node only', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    const a = await lease(prefix, 'node-a', connection());
    const b = await lease(prefix, 'node-b', connection());
    const c = await lease(prefix, 'node-c', connection());
    await a.handOver('node-c');
    assert.ok(await waitUntil(() => c.role().type === 'master', { timeoutMs: 6_000 }), 'c takes the lease');
    assert.equal(b.role().type, 'slave');
    assert.equal(a.role().type, 'slave');
  });

  it('MUST NOT take a free lease while mayTake says no (a drained node), and MUST once it says yes', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    let allowed = false;
    const a = await lease(prefix, 'node-a', connection());
    const drained = await startMasterLease({ redis: connection(), keyPrefix: prefix, nodeName: 'node-d', ttlMs: TTL_MS, log: quiet, mayTake: () => Promise.resolve(allowed) });
    cleanups.push(() => drained.close());
    await a.close();
    assert.equal(await waitUntil(() => drained.role().type === 'master', { timeoutMs: 2 * TTL_MS }), false, 'the drained node leaves the lease free');
    assert.ok(drained.sinceLastAnswerMs() < TTL_MS, 'Redis keeps answering its checks');
    allowed = true;
    assert.ok(await waitUntil(() => drained.role().type === 'master', { timeoutMs: 2_000 }), 'it takes the lease once allowed');
  });

  it('with host detection (the seed), MUST NOT take a lapsed lease while the master\'s host answers, and MUST once it does not', async () => {
    const prefix = `test:ha-lease:${randomUUID()}:`;
    const proxy = await partitionableProxy();
    let hostAnswers = true;
    const a = await lease(prefix, 'node-a', connection(proxy.port));
    const b = await lease(prefix, 'node-b', connection(), () => Promise.resolve(hostAnswers));
    assert.equal(a.role().type, 'master');
    proxy.partition();
    assert.equal(await waitUntil(() => b.role().type === 'master', { timeoutMs: 3 * TTL_MS }), false, 'B waits while the host answers');
    hostAnswers = false;
    assert.ok(await waitUntil(() => b.role().type === 'master', { timeoutMs: 3_000 }), 'B takes the lease once the host is down');
  });
});
