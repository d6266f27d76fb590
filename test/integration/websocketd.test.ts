/**
 * websocketd on real nodes (seed API-05, API-06): a token from the auth service opens the event
 * WebSocket at /api/websocketd/ over HTTP and HTTPS, events published on another node of the
 * cluster arrive through Redis, and deleting the token through the auth service closes it with 4003.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { connectWebsocketd, websocketdUrl } from '../support/websocketd-client.ts';

let first: TestNode;
let second: TestNode;

before(async () => {
  first = await startTestNode({ redis: true });
  // The second node joins the first one's cluster: same Redis key prefix.
  second = await startTestNode({ redis: true, extraArgs: ['--redis-key-prefix', first.redisKeyPrefix] });
});
after(async () => {
  await second.close();
  await first.close();
});

async function login(node: TestNode): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${node.httpPort}/api/auth/0.1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${node.adminPassword}`).toString('base64')}` },
    body: JSON.stringify({ expiration: 600 }),
  });
  assert.equal(response.status, 200);
  return ((await response.json()) as { data: { token: string } }).data.token;
}

describe('websocketd on a node', () => {
  it('MUST serve a token of the auth service, and deliver events published on another node of the cluster', async () => {
    assert.equal(second.node.config.redisKeyPrefix, first.redisKeyPrefix);
    const client = connectWebsocketd(websocketdUrl(first.httpPort, await login(first)));
    await client.start(['call_updated']);
    second.node.bus.publish({ name: 'call_updated', origin_uuid: 'second', required_acl: 'events.calls.someone', data: { call_id: 'c1' } });
    const [, , , event] = await client.messages(4);
    assert.deepEqual((event as { data: unknown }).data, { name: 'call_updated', origin_uuid: 'second', required_acl: 'events.calls.someone', data: { call_id: 'c1' } });
    client.close();
  });

  it('MUST serve websocketd over HTTPS too', async () => {
    const token = await login(first);
    const socket = new WebSocket(`wss://127.0.0.1:${first.httpsPort}/api/websocketd/?token=${token}&version=2`, { rejectUnauthorized: false });
    const init = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve((data as Buffer).toString('utf8')));
      socket.once('error', reject);
    });
    assert.equal(init, '{"op":"init","code":0,"data":{"version":2}}');
    socket.terminate();
  });

  it('MUST close with 4003 promptly when the token is deleted through the auth service, or on any node of the cluster', async () => {
    const token = await login(first);
    const client = connectWebsocketd(websocketdUrl(first.httpPort, token));
    await client.start(['*']);
    const startedAt = Date.now();
    const answer = await fetch(`http://127.0.0.1:${first.httpPort}/api/auth/0.1/token/${token}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
    assert.ok(answer.status < 300, String(answer.status));
    assert.equal(await client.closeCode(2_000), 4003);
    assert.ok(Date.now() - startedAt < 1_000, 'within a second');

    const elsewhere = await login(first);
    const other = connectWebsocketd(websocketdUrl(first.httpPort, elsewhere));
    await other.start(['*']);
    second.node.bus.publish({ name: 'auth_token_deleted', origin_uuid: 'second', data: { token: elsewhere } });
    assert.equal(await other.closeCode(2_000), 4003);
    assert.equal(other.texts.length, 3, 'the internal event never reached the client');
  });
});
