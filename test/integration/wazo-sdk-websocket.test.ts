/**
 * The `@wazo/sdk` package's WebSocketClient, unchanged, against a node's websocketd over WSS,
 * trusting the node's self-signed certificate: it connects with its token, subscribes and starts,
 * receives bus events by name, pings, and renews its token on the open socket.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { restClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

const require = createRequire(import.meta.url);
const { WebSocketClient, SOCKET_EVENTS } = require('@wazo/sdk') as {
  WebSocketClient: new (options: Record<string, unknown>, socketOptions: Record<string, unknown>) => SdkSocket;
  SOCKET_EVENTS: Record<string, string>;
};

interface SdkSocket {
  connect(): void;
  close(force?: boolean): void;
  on(event: string, callback: (payload: unknown) => void): void;
  pingServer(): void;
  updateToken(token: string): void;
  isConnected(): boolean;
}

let testNode: TestNode;
let ca: Buffer;

before(async () => {
  testNode = await startTestNode();
  ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
});
after(() => testNode.close());

/** A token of the node's administrator. */
const login = (): Promise<string> => restClient(testNode.httpPort).login('admin', testNode.adminPassword);

describe('@wazo/sdk WebSocketClient against websocketd', () => {
  it('MUST initialize, receive subscribed events by name, answer pings, and keep the session across a token renewal', async () => {
    const trustedCa = ca;
    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca: trustedCa });
      }
    }
    const token = await login();
    const client = new WebSocketClient({ host: `localhost:${testNode.httpsPort}`, token, version: 2, events: ['call_updated'] }, { WebSocket: TrustingWebSocket, maxRetries: 0 });
    let initialized = false;
    let closed = false;
    const received: unknown[] = [];
    const pongs: unknown[] = [];
    client.on(SOCKET_EVENTS['INITIALIZED'] ?? 'initialized', () => {
      initialized = true;
    });
    client.on(SOCKET_EVENTS['ON_CLOSE'] ?? 'onclose', () => {
      closed = true;
    });
    client.on('call_updated', (payload) => received.push(payload));
    client.on('pong', (payload) => pongs.push(payload));
    const raw: unknown[] = [];
    client.on(SOCKET_EVENTS['ON_MESSAGE'] ?? 'onmessage', (data) => raw.push(data));
    client.connect();
    assert.ok(await waitUntil(() => initialized), 'the client initialized (init, subscribe, start)');

    const event = { name: 'call_updated', origin_uuid: 'node', required_acl: 'events.calls.someone', data: { call_id: 'c1', status: 'Up' } };
    testNode.node.bus.publish({ name: 'call_ended', origin_uuid: 'node', required_acl: 'events.calls.someone', data: {} });
    testNode.node.bus.publish(event);
    assert.ok(await waitUntil(() => received.length === 1));
    assert.deepEqual(received, [event], 'only the subscribed event, as the bus envelope');

    client.pingServer();
    assert.ok(await waitUntil(() => pongs.length === 1));
    assert.deepEqual(pongs, [{ payload: 'pong' }]);

    const renewed = await login();
    client.updateToken(renewed);
    assert.ok(await waitUntil(() => raw.includes('{"op":"token","code":0,"data":null}')), 'the renewal was answered');
    const revoked = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/auth/0.1/token/${token}`, { method: 'DELETE', headers: { 'x-auth-token': token } });
    assert.ok(revoked.status < 300);
    testNode.node.bus.publish({ ...event, data: { call_id: 'c2', status: 'Up' } });
    assert.ok(await waitUntil(() => received.length === 2), 'events still arrive on the renewed session');
    assert.equal(closed, false, 'deleting the old token did not end the renewed session');
    client.close(true);
  });
});
