/**
 * The cluster event bus on a real Redis: two buses stand for two nodes, each test on a channel
 * prefix of its own. Redis loss goes through a TCP relay the test cuts and restores.
 */
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { createEventBus, type BusEvent } from './event-bus.ts';
import { createRedisEventBus, type RedisEventBus } from './redis-event-bus.ts';
import { waitUntil } from '../../test/support/wait-until.ts';

const REDIS_PORT = 6379;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Node {
  readonly bus: RedisEventBus;
  readonly seen: BusEvent[];
  readonly warnings: string[];
}

function startNode(keyPrefix: string, port = REDIS_PORT): Node {
  const publisher = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  const subscriber = publisher.duplicate({ lazyConnect: true });
  const warnings: string[] = [];
  const seen: BusEvent[] = [];
  const local = createEventBus(() => undefined);
  const bus = createRedisEventBus({
    local, publisher, subscriber, keyPrefix, nodeId: randomUUID(),
    log: { info: (_fields, message) => warnings.push(`info: ${message}`), warn: (_fields, message) => warnings.push(message) },
  });
  bus.subscribe(['*'], (event) => seen.push(event));
  cleanups.push(async () => {
    await bus.close();
    publisher.disconnect();
  });
  return { bus, seen, warnings };
}

const event = (name: string, data: unknown = {}): BusEvent => ({ name, origin_uuid: 'origin', required_acl: `events.${name}`, data });

describe('cluster event bus over Redis (seed API-06)', () => {
  it('MUST deliver an event published on any node to the subscribers of every node exactly once', async () => {
    const prefix = `test:bus:${randomUUID()}:`;
    const [one, two, three] = [startNode(prefix), startNode(prefix), startNode(prefix)] as const;
    await Promise.all([one.bus.ready, two.bus.ready, three.bus.ready]);
    one.bus.publish(event('a', { n: 1 }));
    two.bus.publish({ name: 'internal', origin_uuid: 'origin', data: { token: 't' } });
    three.bus.publish({ name: 'all', origin_uuid: 'origin', required_acl: null, data: [1, 'x', { deep: true }] });
    assert.ok(await waitUntil(() => [one, two, three].every((node) => node.seen.length === 3)), 'every node saw the three events');
    // Let any duplicate arrive before counting.
    one.bus.publish(event('marker'));
    assert.ok(await waitUntil(() => [one, two, three].every((node) => node.seen.some((seen) => seen.name === 'marker'))));
    for (const node of [one, two, three]) {
      assert.deepEqual(node.seen.map((seen) => seen.name).sort(), ['a', 'all', 'internal', 'marker']);
      const internal = node.seen.find((seen) => seen.name === 'internal');
      assert.ok(internal !== undefined && !('required_acl' in internal), 'a missing required_acl stays missing');
      assert.deepEqual(node.seen.find((seen) => seen.name === 'all'), { name: 'all', origin_uuid: 'origin', required_acl: null, data: [1, 'x', { deep: true }] });
    }
  });

  it('MUST keep clusters with other prefixes apart and drop what is not an event', async () => {
    const prefix = `test:bus:${randomUUID()}:`;
    const mine = startNode(prefix);
    const other = startNode(`test:bus:${randomUUID()}:`);
    await Promise.all([mine.bus.ready, other.bus.ready]);
    const raw = new Redis({ port: REDIS_PORT, host: '127.0.0.1' });
    cleanups.push(() => {
      raw.disconnect();
    });
    await raw.publish(`${prefix}events`, 'not msgpack of an event');
    other.bus.publish(event('elsewhere'));
    mine.bus.publish(event('here'));
    assert.ok(await waitUntil(() => mine.warnings.some((warning) => warning.includes('not an event'))));
    assert.deepEqual(mine.seen.map((seen) => seen.name), ['here']);
    assert.deepEqual(other.seen.map((seen) => seen.name), ['elsewhere']);
  });

  it('MUST keep publishing locally while Redis is unreachable, log it, and fan out again once it is back', async () => {
    const relay = await startRelay(REDIS_PORT);
    cleanups.push(() => relay.close());
    const prefix = `test:bus:${randomUUID()}:`;
    const cut = startNode(prefix, relay.port);
    const peer = startNode(prefix);
    await Promise.all([cut.bus.ready, peer.bus.ready]);
    cut.bus.publish(event('before'));
    assert.ok(await waitUntil(() => peer.seen.length === 1));

    await relay.stop();
    const startedAt = performance.now();
    cut.bus.publish(event('during'));
    assert.ok(performance.now() - startedAt < 50, 'publication never waits for Redis');
    assert.deepEqual(cut.seen.map((seen) => seen.name), ['before', 'during'], 'delivered on its own node');
    assert.ok(await waitUntil(() => cut.warnings.some((warning) => warning.includes('unreachable'))), 'the loss is logged');

    await relay.start();
    assert.ok(await waitUntil(async () => {
      cut.bus.publish(event('after'));
      peer.bus.publish(event('back'));
      return peer.seen.some((seen) => seen.name === 'after') && cut.seen.some((seen) => seen.name === 'back');
    }, { timeoutMs: 10_000, intervalMs: 100 }), 'fan-out resumed both ways');
    assert.ok(cut.warnings.includes('info: event bus: Redis reachable again'));
    assert.ok(!peer.seen.some((seen) => seen.name === 'during'), 'nothing queued while Redis was away');
  });
});

/** A TCP relay to Redis that can be cut (every connection closed, port shut) and restored on the same port. */
async function startRelay(targetPort: number): Promise<{ port: number; stop(): Promise<void>; start(): Promise<void>; close(): Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        if (typeof address === 'object' && address !== null) port = address.port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server === undefined) resolve();
      else server.close(() => resolve());
      server = undefined;
    });
  await start();
  return { port, start, stop, close: stop };
}
