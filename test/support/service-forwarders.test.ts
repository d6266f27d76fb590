import assert from 'node:assert/strict';
import { createConnection, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startServiceForwarders, type ServiceForwarders } from './service-forwarders.ts';
import { TEST_REDIS_URL } from './test-node.ts';

const redis = new URL(TEST_REDIS_URL);
let forwarders: ServiceForwarders<'a' | 'b'>;

before(async () => {
  const target = { host: redis.hostname, port: Number(redis.port || 6379) };
  // Two services on the same server: what a cut of one does to the other shows.
  forwarders = await startServiceForwarders('127.0.0.1', ['a', 'b'], [{ name: 'redis', ...target }, { name: 'other', ...target }]);
});
after(async () => {
  await forwarders.close();
});

/** Connects to a forwarder; resolves with the socket, or the error code when refused. */
function connect(port: number): Promise<Socket | string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => resolve(socket));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** Sends a Redis PING over the socket and resolves with the reply line. */
function ping(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('data', (data: Buffer) => resolve(data.toString().trim()));
    socket.once('error', reject);
    socket.write('PING\r\n');
  });
}

describe('service forwarders', () => {
  it('MUST forward each node\'s own port to the service', async () => {
    const socket = await connect(forwarders.portOf('b', 'redis'));
    assert.ok(typeof socket !== 'string', String(socket));
    assert.equal(await ping(socket), '+PONG');
    socket.destroy();
  });

  it('MUST close a node\'s open connections to a cut service and refuse new ones, keep its other services and the other node served, and serve again once restored', async () => {
    const open = await connect(forwarders.portOf('a', 'redis'));
    assert.ok(typeof open !== 'string', String(open));
    const closed = new Promise((resolve) => open.once('close', resolve));
    await forwarders.cut('a', 'redis');
    await closed;
    assert.equal(await connect(forwarders.portOf('a', 'redis')), 'ECONNREFUSED');
    const otherService = await connect(forwarders.portOf('a', 'other'));
    assert.ok(typeof otherService !== 'string' && (await ping(otherService)) === '+PONG', 'node a keeps the service not cut');
    otherService.destroy();
    const other = await connect(forwarders.portOf('b', 'redis'));
    assert.ok(typeof other !== 'string' && (await ping(other)) === '+PONG', 'node b keeps its service');
    other.destroy();
    await forwarders.restore('a');
    const again = await connect(forwarders.portOf('a', 'redis'));
    assert.ok(typeof again !== 'string' && (await ping(again)) === '+PONG', 'node a is served again on the same port');
    again.destroy();
  });
});
