/**
 * The control WebSocket of a whole node: a token the auth service issued opens it, `calls.count`
 * reads the call service, the node's bus events reach it, and deleting the token through the
 * REST API closes it with 4003.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openControlClient } from '../support/control-client.ts';
import { restClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode();
});
after(() => testNode.close());

/** A token of the node's administrator. */
const login = (): Promise<string> => restClient(testNode.httpPort).login('admin', testNode.adminPassword);

describe('control API on a node', () => {
  it('MUST accept a token of the auth service, answer calls.count from the call service, and deliver bus events', async () => {
    const token = await login();
    const client = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${token}`);
    await client.waitFor((frame) => frame.type === 'welcome');
    assert.deepEqual((await client.command('n', 'calls.count'))['result'], { count: 0 });
    await client.command('s', 'subscriptions.add', { events: ['call_created'] });
    testNode.node.bus.publish({ name: 'call_created', origin_uuid: 'node', required_acl: 'events.calls.someone', data: { call_id: 'c1' } });
    const event = await client.waitFor((frame) => frame.type === 'event');
    assert.deepEqual([event['sequence'], event['data']], [1, { call_id: 'c1' }]);
    client.close();
  });

  it('MUST serve the same API over TLS on the HTTPS port, in msgpack', async () => {
    const token = await login();
    const client = await openControlClient(`wss://127.0.0.1:${testNode.httpsPort}/api/control?token=${token}`, { protocol: 'parley.control.v1.msgpack', msgpack: true, insecureTls: true });
    await client.waitFor((frame) => frame.type === 'welcome');
    assert.equal((await client.command('p', 'ping'))['ok'], true);
    client.close();
  });

  it('MUST close the socket with 4003 when its token is deleted through the auth API', async () => {
    const token = await login();
    const client = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${token}`);
    await client.waitFor((frame) => frame.type === 'welcome');
    const deleted = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/auth/0.1/token/${token}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
    assert.equal(deleted.status, 204);
    assert.equal((await client.waitClosed()).code, 4003);
  });
});
