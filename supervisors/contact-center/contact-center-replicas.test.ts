/**
 * The contact center's replicas on a real Redis, each test under a key prefix of its own: written
 * under the owner's epoch, coalesced, deleted, read back, and refused to an owner whose epoch is
 * no longer the current one.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { initialActorSnapshot, actorAddress, type ActorSnapshot } from '../../actors/index.ts';
import { createRedisReplicas, replicasKey, type ContactCenterReplicas } from './contact-center-replicas.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function connection(): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1, retryStrategy: () => null });
  cleanups.push(() => void redis.disconnect());
  return redis;
}

/** A connection whose keys under `prefix` are deleted before it disconnects. */
function cleanedConnection(prefix: string): Redis {
  const redis = connection();
  cleanups.push(async () => void (await redis.del(`${prefix}contact-center:epoch`, replicasKey(prefix))));
  return redis;
}

interface Installation {
  readonly redis: Redis;
  readonly prefix: string;
  readonly epochKey: string;
  readonly replicas: ContactCenterReplicas;
  readonly warnings: string[];
}

/** Replicas under a fresh prefix whose epoch key holds `epoch`; `redis` counts the scripts it runs. */
async function installation(epoch: number): Promise<Installation & { readonly scripts: () => number }> {
  const prefix = `test:replicas:${randomUUID()}:`;
  const redis = cleanedConnection(prefix);
  const epochKey = `${prefix}contact-center:epoch`;
  await redis.set(epochKey, String(epoch));
  let scripts = 0;
  const evaluate = redis.eval.bind(redis);
  redis.eval = ((...args: Parameters<typeof evaluate>) => {
    scripts += 1;
    return evaluate(...args);
  }) as typeof redis.eval;
  const warnings: string[] = [];
  const replicas = createRedisReplicas({ redis, keyPrefix: prefix, epochKey, log: { warn: (_fields, message) => void warnings.push(message) } });
  return { redis, prefix, epochKey, replicas, warnings, scripts: () => scripts };
}

function agentSnapshot(agentId: number, state: 'loggedOut' | 'idle', timers: Record<string, number> = {}): ActorSnapshot {
  const snapshot = initialActorSnapshot(actorAddress('agent', String(agentId)), 3, { state, agentId, number: String(3000 + agentId), tenantUuid: 't', wrapupSeconds: 0, queues: [], nonAcdCalls: [] });
  return { ...snapshot, timers };
}

describe('the contact-center replicas', () => {
  it('reads back what an owner of the current epoch wrote, timers as deadlines', async () => {
    const { replicas } = await installation(7);
    const writer = replicas.writer(7);
    const snapshot = agentSnapshot(1, 'idle', { wrapup: 1_700_000_060_000 });
    writer.put('agent-1', snapshot);
    await writer.flushed();
    assert.deepEqual((await replicas.load()).get('agent-1'), snapshot);
  });

  it('refuses every write of an owner whose epoch is no longer the current one: the new owner\'s replica stands', async () => {
    const { replicas, redis, epochKey } = await installation(7);
    const newOwner = replicas.writer(8);
    const oldOwner = replicas.writer(7);
    await redis.set(epochKey, '8');
    newOwner.put('agent-1', agentSnapshot(1, 'idle'));
    await newOwner.flushed();
    oldOwner.put('agent-1', agentSnapshot(1, 'loggedOut'));
    oldOwner.remove('agent-2');
    await oldOwner.flushed();
    assert.equal(oldOwner.fenced(), true);
    assert.equal((await replicas.load()).get('agent-1')?.data.state, 'idle');
  });

  it('writes only the latest of the snapshots an actor replicates within one turn, in one script', async () => {
    const { replicas, scripts } = await installation(2);
    const writer = replicas.writer(2);
    for (let index = 0; index < 50; index += 1) writer.put('agent-1', { ...agentSnapshot(1, 'idle'), timers: { wrapup: index } });
    writer.put('agent-2', agentSnapshot(2, 'loggedOut'));
    await writer.flushed();
    assert.equal(scripts(), 1);
    assert.deepEqual((await replicas.load()).get('agent-1')?.timers, { wrapup: 49 });
  });

  it('keeps at most one write in flight: what is replicated meanwhile follows, the latest winning', async () => {
    const { replicas } = await installation(2);
    const writer = replicas.writer(2);
    writer.put('agent-1', agentSnapshot(1, 'loggedOut'));
    await new Promise((resolve) => setImmediate(resolve));
    writer.put('agent-1', agentSnapshot(1, 'idle'));
    await writer.flushed();
    assert.equal((await replicas.load()).get('agent-1')?.data.state, 'idle');
  });

  it('deletes the replica of a removed actor', async () => {
    const { replicas } = await installation(2);
    const writer = replicas.writer(2);
    writer.put('queue-4', agentSnapshot(4, 'idle'));
    await writer.flushed();
    writer.remove('queue-4');
    await writer.flushed();
    assert.equal((await replicas.load()).has('queue-4'), false);
  });

  it('leaves out a replica that is not a readable snapshot, with a warning', async () => {
    const { replicas, redis, prefix, warnings } = await installation(2);
    await redis.hset(replicasKey(prefix), 'agent-9', '{"v":99}', 'agent-8', 'not json');
    assert.equal((await replicas.load()).size, 0);
    assert.equal(warnings.length, 2);
  });
});
