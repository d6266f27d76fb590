/**
 * The npm package `@wazo/sdk`, unchanged, driving a node over HTTPS and WSS as a softphone user
 * does: it logs in, lists users, places a call with calld (the user's phone rings first, then the
 * callee), sees `call_created` and `call_ended` through its WebSocketClient, lists its calls,
 * holds and resumes, mutes and unmutes, sends DTMF and hangs up, each through the paths and bodies
 * of the client itself.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import WebSocket from 'ws';
import { restClient } from '../support/rest-client.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

// The package's ES module build does not resolve under Node; its Node build is the CommonJS one.
const require = createRequire(import.meta.url);
const { WazoApiClient, WebSocketClient, SOCKET_EVENTS } = require('@wazo/sdk') as {
  WazoApiClient: new (options: Record<string, unknown>) => WazoClient;
  WebSocketClient: new (options: Record<string, unknown>, socketOptions: Record<string, unknown>) => SdkSocket;
  SOCKET_EVENTS: Record<string, string>;
};

interface SdkSocket {
  on(event: string, listener: (payload: unknown) => void): void;
  connect(): void;
  close(force?: boolean): void;
}

interface SdkCall {
  readonly id: string;
  readonly calleeNumber: string;
  readonly onHold: boolean;
  readonly muted?: boolean;
}
interface WazoClient {
  setToken(token: string): void;
  setRequestTimeout(ms: number): void;
  confd: { listUsers(): Promise<{ items: { uuid: string; firstname: string }[] }> };
  auth: { logIn(params: { username: string; password: string; expiration?: number }): Promise<{ readonly token: string }> };
  calld: {
    makeCall(extension: string, fromMobile: boolean, lineId?: number): Promise<{ call_id: string }>;
    listCalls(): Promise<SdkCall[]>;
    hold(callId: string): Promise<boolean>;
    resume(callId: string): Promise<boolean>;
    mute(callId: string): Promise<boolean>;
    unmute(callId: string): Promise<boolean>;
    sendDTMF(callId: string, digits: string): Promise<boolean>;
    cancelCall(callId: string): Promise<unknown>;
  };
}

let testNode: TestNode;
let client: WazoClient;
let caller: StackPhone;
let callee: StackPhone;
let token = '';
let ca: Buffer;

before(async () => {
  testNode = await startTestNode();
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  // The PBX user 1001 gets a login of the same uuid, allowed its own calls.
  const rest = restClient(testNode.httpPort);
  const admin = await rest.login('admin', testNode.adminPassword);
  const userUuid = (await testNode.node.store.database.query<{ uuid: string }>("SELECT uuid FROM users WHERE lastname = '1001'")).rows[0]?.uuid ?? '';
  const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token: admin, body: { name: 'softphone', acl: ['calld.users.me.#', 'confd.users.read', 'websocketd', 'events.calls.me'] } });
  assert.equal((await rest.request('/api/auth/0.1/users', { method: 'POST', token: admin, body: { uuid: userUuid, username: 'alice', password: 'alice-pw' } })).status, 201);
  await rest.request(`/api/auth/0.1/users/${userUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: admin });
  ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
  client = new WazoApiClient({ server: `localhost:${testNode.httpsPort}`, fetchOptions: { dispatcher: new Agent({ connect: { ca, servername: 'localhost' } }) } });
  // The client arms a timer per request and never clears it: a short one lets the test process end.
  client.setRequestTimeout(5_000);
  token = (await client.auth.logIn({ username: 'alice', password: 'alice-pw', expiration: 600 })).token;
  client.setToken(token);
});
after(async () => {
  await Promise.all([caller.close(), callee.close()]);
  await testNode.close();
});

describe('@wazo/sdk calld against a node', () => {
  it('MUST list users, place a call, see its events on the WebSocketClient, list it, hold, resume, mute, unmute, send DTMF and hang up through the client', async () => {
    const users = await client.confd.listUsers();
    assert.deepEqual(users.items.map((user) => user.firstname), ['User', 'User'], 'the demo users 1001 and 1002');

    // The client's own WebSocket, trusting the node's certificate only.
    const trusted = ca;
    class TrustingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { ca: trusted });
      }
    }
    const socket = new WebSocketClient({ host: `localhost:${testNode.httpsPort}`, token, version: 2, events: ['call_created', 'call_ended'] }, { WebSocket: TrustingWebSocket, maxRetries: 0 });
    const seen: { name: string; data: { call_id: string } }[] = [];
    let initialized = false;
    socket.on(SOCKET_EVENTS['INITIALIZED'] ?? 'initialized', () => {
      initialized = true;
    });
    socket.on('call_created', (payload) => seen.push(payload as (typeof seen)[number]));
    socket.on('call_ended', (payload) => seen.push(payload as (typeof seen)[number]));
    socket.connect();
    assert.ok(await waitUntil(() => initialized), 'the WebSocketClient initialized');

    for (const phone of [caller, callee]) phone.onIncoming(({ session }) => void session.accept({ sdp: phoneSdp(phone.port + 10_000) }));
    const placed = await client.calld.makeCall('1002', false);
    assert.match(placed.call_id, /^\d+\.\d+$/);
    assert.ok(await waitUntil(() => caller.incoming.length === 1 && callee.incoming.length === 1), 'the user phone, then the callee, ring');
    let calls: SdkCall[] = [];
    assert.ok(await waitUntil(async () => (calls = await client.calld.listCalls()).length === 1), 'the user sees their one channel');
    assert.equal(calls[0]?.id, placed.call_id);
    assert.equal(await client.calld.hold(placed.call_id), true);
    assert.ok(await waitUntil(async () => (await client.calld.listCalls())[0]?.onHold === true), 'held');
    assert.equal(await client.calld.resume(placed.call_id), true);
    assert.ok(await waitUntil(async () => (await client.calld.listCalls())[0]?.onHold === false), 'resumed');
    assert.equal(await client.calld.mute(placed.call_id), true);
    assert.equal(await client.calld.unmute(placed.call_id), true);
    assert.equal(await client.calld.sendDTMF(placed.call_id, '1#'), true);
    await client.calld.cancelCall(placed.call_id);
    assert.ok(await waitUntil(() => callee.incoming[0]?.events.some((event) => event.type === 'bye.received') === true), 'the callee gets a BYE');
    assert.ok(await waitUntil(async () => (await client.calld.listCalls()).length === 0));
    // The user's own channel: created, then ended, on the client's socket (another user's never).
    assert.ok(await waitUntil(() => seen.some((event) => event.name === 'call_ended' && event.data.call_id === placed.call_id), { timeoutMs: 10_000 }), JSON.stringify(seen));
    assert.deepEqual(seen.filter((event) => event.data.call_id === placed.call_id).map((event) => event.name), ['call_created', 'call_ended']);
    socket.close(true);
  });
});
