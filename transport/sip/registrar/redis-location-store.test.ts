import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Binding } from './binding.ts';
import { describeLocationStoreContract, manualClock } from './location-store.contract.ts';
import { createRedisLocationStore } from './redis-location-store.ts';

/** Every key this file writes starts with this prefix; all are deleted at the end. */
const FILE_PREFIX = `parley-test:location-store:${randomUUID()}:`;
let redis: Redis | undefined;
let storeCount = 0;

before(async () => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

after(async () => {
  if (redis === undefined) return;
  await deleteKeys(redis, `${FILE_PREFIX}*`);
  await redis.quit();
});

async function deleteKeys(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

describeLocationStoreContract('redis location store', async (clock) => {
  if (redis === undefined) throw new Error('redis client not connected');
  storeCount += 1;
  return createRedisLocationStore({ redis, keyPrefix: `${FILE_PREFIX}${storeCount}:`, clock, sweepBatchSize: 10 });
});

describe('redis location store, storage details', () => {
  const binding = (contact: string): Binding => ({
    aor: 'sip:alice@pbx.example.com',
    contact,
    expiresAtMs: 1_060_000,
    callId: 'c',
    cseq: 1,
    path: [],
    received: { transport: 'udp', address: '192.0.2.1', port: 5060 },
    updatedAtMs: 1_000_000,
  });

  const isolatedStore = () => {
    if (redis === undefined) throw new Error('redis client not connected');
    storeCount += 1;
    const keyPrefix = `${FILE_PREFIX}${storeCount}:`;
    return { client: redis, keyPrefix, store: createRedisLocationStore({ redis, keyPrefix, clock: manualClock() }) };
  };

  it('MUST skip a damaged entry instead of failing the read', async () => {
    const { client, keyPrefix, store } = isolatedStore();
    await store.apply('sip:alice@pbx.example.com', [{ type: 'upsert', binding: binding('sip:a@192.0.2.1') }]);
    await client.hset(`${keyPrefix}aor:sip:alice@pbx.example.com`, 'sip:b@192.0.2.2', '{not json');
    const contacts = (await store.bindings('sip:alice@pbx.example.com')).map((each) => each.contact);
    assert.deepEqual(contacts, ['sip:a@192.0.2.1']);
  });

  it('MUST leave no key behind once every binding is gone', async () => {
    const { client, keyPrefix, store } = isolatedStore();
    await store.apply('sip:alice@pbx.example.com', [
      { type: 'upsert', binding: binding('sip:a@192.0.2.1') },
      { type: 'upsert', binding: binding('sip:b@192.0.2.2') },
    ]);
    await store.apply('sip:alice@pbx.example.com', [{ type: 'remove', contact: 'sip:a@192.0.2.1' }]);
    await store.expireDue(2_000_000);
    assert.deepEqual(await client.keys(`${keyPrefix}*`), []);
  });
});
