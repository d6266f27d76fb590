/**
 * With REDIS_URL set, registrations live in Redis (so that the other nodes of a cluster see them
 * and they survive a node restart), under the node's key prefix.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { runSipp } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { startTestNode, TEST_REDIS_URL, type TestNode } from '../support/test-node.ts';

let testNode: TestNode;
let redis: Redis;

before(async () => {
  redis = new Redis(TEST_REDIS_URL);
  testNode = await startTestNode({ redis: true });
});
after(async () => {
  await testNode.close();
  const keys = await redis.keys(`${testNode.redisKeyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('the location service in Redis', () => {
  it('a registration MUST be stored under the node key prefix, and visible to a lookup', async () => {
    const run = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-register-expect-200.xml',
      user: '1001', password: testNode.passwords['1001'], injection: ['120;'],
    });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const keys = await redis.keys(`${testNode.redisKeyPrefix}*`);
    assert.ok(keys.length > 0, 'no key under the prefix');
    assert.equal((await testNode.node.sip.registrar.lookup('sip:1001@127.0.0.1')).length, 1);
  });

  it('unregistering MUST remove the binding from Redis', async () => {
    const run = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-unregister-all-expect-200.xml',
      user: '1001', password: testNode.passwords['1001'],
    });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.deepEqual(await testNode.node.sip.registrar.lookup('sip:1001@127.0.0.1'), []);
  });
});
