/**
 * websocketd conformance (seed API-05) through a real uWebSockets.js server and the `ws` client,
 * with an in-memory token resolver and event source.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import type { TokenResolver, VerifiedToken } from '../auth/verified-token.ts';
import { createWebsocketd, type Websocketd, type WebsocketdEvent } from './websocketd-endpoint.ts';
import { connectWebsocketd, websocketdUrl } from '../../test/support/websocketd-client.ts';
import { waitUntil } from '../../test/support/wait-until.ts';

const ALICE = '2e752722-0864-4665-887d-a78a024cf7c7';
const BOB = '7f3b1b2a-1111-4222-8333-944455556666';
const TENANT = '11111111-2222-4333-8444-555555555555';

const tokens = new Map<string, VerifiedToken>();
const resolver: TokenResolver = {
  resolve: (tokenId) => {
    const token = tokens.get(tokenId);
    return Promise.resolve(token !== undefined && token.expiresAtMs > Date.now() ? token : undefined);
  },
};
let nextToken = 0;
const OTHER_TENANT = '99999999-2222-4333-8444-555555555555';
function issue(userUuid: string, acl: string[], lifetimeMs = 3_600_000, tenantUuid = TENANT): string {
  const token = `token-${(nextToken += 1)}-${userUuid.slice(0, 4)}`;
  tokens.set(token, { token, tenantUuid, authId: userUuid, userUuid, acl, issuedAtMs: Date.now(), expiresAtMs: Date.now() + lifetimeMs });
  return token;
}
const handlers = new Set<(event: WebsocketdEvent) => void>();
const publish = (event: WebsocketdEvent) => {
  for (const handler of handlers) handler(event);
};
const warnings: string[] = [];

let websocketd: Websocketd;
let listen: us_listen_socket | undefined;
let port = 0;
const url = (token: string | undefined, path?: string) => websocketdUrl(port, token, path);
const callEvent = (name: string, userUuid: string) => ({ name, origin_uuid: 'node', required_acl: `events.calls.${userUuid}`, data: { call_id: `c-${userUuid.slice(0, 4)}`, user_uuid: userUuid } });

before(async () => {
  const uws = loadNativeUws();
  const app = uws.App();
  websocketd = createWebsocketd({
    tokens: resolver,
    events: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    // TENANT sees itself and OTHER_TENANT below it; OTHER_TENANT sees only itself.
    tenants: { visibleFrom: (tenant) => Promise.resolve(tenant === TENANT ? [TENANT, OTHER_TENANT] : [tenant]) },
    recheckMs: 100,
    maxBackpressureBytes: 64 * 1024,
    maxPayloadBytes: 16 * 1024,
    log: { info: () => undefined, warn: (_fields, message) => warnings.push(message) },
  });
  websocketd.mount(app);
  listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket === false ? reject(new Error('listen')) : resolve(socket))));
  port = uws.us_socket_local_port(listen);
});

after(() => {
  websocketd.close();
  if (listen !== undefined) loadNativeUws().us_listen_socket_close(listen);
});

describe('websocketd endpoint (seed API-05)', () => {
  it('MUST close 4001 without a token, and 4002 for an unknown or expired token or one without the websocketd ACL', async () => {
    const expired = issue(ALICE, ['websocketd'], -1);
    const noAcl = issue(ALICE, ['events.calls.me']);
    const clients = [undefined, 'unknown-token', expired, noAcl].map((token) => connectWebsocketd(url(token)));
    assert.deepEqual(await Promise.all(clients.map((client) => client.closeCode())), [4001, 4002, 4002, 4002]);
    assert.deepEqual(clients.map((client) => client.texts.length), [0, 0, 0, 0], 'no init on a refused connection');
  });

  it('MUST send init exactly, answer subscribe and start, at /api/websocketd/ and /api/websocketd', async () => {
    for (const path of ['/api/websocketd/', '/api/websocketd']) {
      const client = connectWebsocketd(url(issue(ALICE, ['websocketd']), path));
      await client.messages(1);
      assert.equal(client.texts[0], '{"op":"init","code":0,"data":{"version":2}}');
      client.send({ op: 'subscribe', data: { event_name: 'call_created' } });
      client.send({ op: 'start' });
      await client.messages(3);
      assert.deepEqual(client.texts.slice(1), ['{"op":"subscribe","code":0,"data":null}', '{"op":"start","code":0,"data":null}']);
      client.close();
    }
  });

  it('MUST deliver events only after start, only subscribed ones or all with *, in the event envelope', async () => {
    const token = issue(ALICE, ['websocketd', 'events.#']);
    const named = connectWebsocketd(url(token));
    const all = connectWebsocketd(url(token));
    await Promise.all([named.messages(1), all.messages(1)]);
    named.send({ op: 'subscribe', data: { event_name: 'call_created' } });
    await named.messages(2);
    publish(callEvent('call_created', ALICE)); // before start: not delivered
    await named.start([]);
    await all.start(['*']);
    publish(callEvent('call_updated', ALICE));
    publish(callEvent('call_created', ALICE));
    const [event] = (await named.messages(4)).slice(3);
    assert.deepEqual(event, { op: 'event', code: 0, data: callEvent('call_created', ALICE), event: callEvent('call_created', ALICE) });
    const received = (await all.messages(5)).slice(3) as { data: { name: string } }[];
    assert.deepEqual(received.map((message) => message.data.name), ['call_updated', 'call_created']);
    publish({ name: 'flush', origin_uuid: 'node', required_acl: null, data: {} });
    await all.messages(6);
    assert.equal(named.texts.length, 4, 'the earlier call_created and call_updated never reached the named subscriber');
    named.close();
    all.close();
  });

  it("MUST apply required_acl: missing to no one, null to all, a string by the token's ACLs with me; a user never gets another user's call events", async () => {
    const alice = connectWebsocketd(url(issue(ALICE, ['websocketd', 'events.calls.me'])));
    const bob = connectWebsocketd(url(issue(BOB, ['websocketd', 'events.calls.me'])));
    await Promise.all([alice.start(['*']), bob.start(['*'])]);
    publish({ name: 'internal', origin_uuid: 'node', data: { secret: 1 } });
    publish(callEvent('call_created', BOB));
    publish(callEvent('call_created', ALICE));
    publish({ name: 'everyone', origin_uuid: 'node', required_acl: null, data: {} });
    const names = async (client: typeof alice) => ((await client.messages(5)).slice(3) as { data: { name: string; data: { user_uuid?: string } } }[]).map((message) => `${message.data.name}:${message.data.data.user_uuid ?? ''}`);
    assert.deepEqual(await names(alice), [`call_created:${ALICE}`, 'everyone:']);
    assert.deepEqual(await names(bob), [`call_created:${BOB}`, 'everyone:']);
    alice.close();
    bob.close();
  });

  it("MUST keep a tenant's events from tokens of other tenants, whatever their ACLs, and show them to the tenant above", async () => {
    const below = connectWebsocketd(url(issue(ALICE, ['#'], 3_600_000, OTHER_TENANT)));
    const above = connectWebsocketd(url(issue(BOB, ['#'])));
    await Promise.all([below.start(['*']), above.start(['*'])]);
    publish({ ...callEvent('call_created', BOB), tenant_uuid: TENANT });
    publish({ ...callEvent('call_created', ALICE), tenant_uuid: OTHER_TENANT });
    publish({ name: 'everyone', origin_uuid: 'node', required_acl: null, data: {} });
    const names = async (client: typeof below, count: number) => ((await client.messages(count)).slice(3) as { data: { name: string; data: { user_uuid?: string } } }[]).map((message) => `${message.data.name}:${message.data.data.user_uuid ?? ''}`);
    assert.deepEqual(await names(below, 5), [`call_created:${ALICE}`, 'everyone:']);
    assert.deepEqual(await names(above, 6), [`call_created:${BOB}`, `call_created:${ALICE}`, 'everyone:']);
    below.close();
    above.close();
  });

  it('MUST close 4004 on invalid JSON, a non-object, an unknown op, subscribe without event_name and binary frames, and 1009 on an oversize frame', async () => {
    const frames: (string | Buffer)[] = ['not json', '[1]', '{"op":"stop"}', '{"op":"subscribe"}', '{"op":"subscribe","data":{}}', Buffer.from('{"op":"start"}'), 'x'.repeat(17 * 1024)];
    const codes = await Promise.all(
      frames.map(async (frame) => {
        const client = connectWebsocketd(url(issue(ALICE, ['websocketd'])));
        await client.messages(1);
        if (typeof frame === 'string') client.socket.send(frame);
        else client.socket.send(frame, { binary: true });
        return client.closeCode();
      }),
    );
    assert.deepEqual(codes, [4004, 4004, 4004, 4004, 4004, 4004, 1009]);
  });

  it('MUST close 4003 when the token expires during the session', async () => {
    // The session is open (init received) before the token lapses; subscribing is not needed, and
    // waiting for its replies could outlast a short token on a loaded machine.
    const client = connectWebsocketd(url(issue(ALICE, ['websocketd'], 1_000)));
    await client.messages(1);
    assert.equal(await client.closeCode(5_000), 4003);
  });

  it('MUST close 4003 promptly on auth_token_deleted, and when a re-check finds the token gone', async () => {
    const deleted = issue(ALICE, ['websocketd']);
    const revoked = issue(ALICE, ['websocketd']);
    const byEvent = connectWebsocketd(url(deleted));
    const byRecheck = connectWebsocketd(url(revoked));
    await Promise.all([byEvent.start(['*']), byRecheck.start([])]);
    const startedAt = Date.now();
    publish({ name: 'auth_token_deleted', origin_uuid: 'node', data: { token: deleted } });
    assert.equal(await byEvent.closeCode(1_000), 4003);
    assert.ok(Date.now() - startedAt < 500, 'closed within half a second');
    assert.equal(byEvent.texts.length, 3, 'the internal event itself never reached the client');
    tokens.delete(revoked);
    assert.equal(await byRecheck.closeCode(2_000), 4003);
  });

  it('MUST swap the token on a token frame (the SDK renews it on an open socket), then close 4003 only when the new one goes', async () => {
    const first = issue(ALICE, ['websocketd'], 600);
    const renewed = issue(ALICE, ['websocketd', 'events.calls.me']);
    const client = connectWebsocketd(url(first));
    await client.start(['*']);
    client.send({ op: 'token', data: { token: renewed } });
    await client.messages(4);
    assert.equal(client.texts[3], '{"op":"token","code":0,"data":null}');
    publish({ name: 'auth_token_deleted', origin_uuid: 'node', data: { token: first } });
    publish(callEvent('call_created', ALICE));
    await client.messages(5);
    assert.equal(client.closed, undefined, 'the first token going does not end the renewed session');
    publish({ name: 'auth_token_deleted', origin_uuid: 'node', data: { token: renewed } });
    assert.equal(await client.closeCode(1_000), 4003);
    const refused = connectWebsocketd(url(issue(ALICE, ['websocketd'])));
    await refused.start([]);
    refused.send({ op: 'token', data: { token: 'unknown' } });
    assert.equal(await refused.closeCode(), 4002);
  });

  it('MUST drop a client that does not read its events, without slowing publication, and log it', async () => {
    const slow = connectWebsocketd(url(issue(ALICE, ['websocketd'])));
    const fast = connectWebsocketd(url(issue(ALICE, ['websocketd'])));
    await Promise.all([slow.start(['*']), fast.start(['big'])]);
    slow.socket.pause();
    const payload = 'y'.repeat(32 * 1024);
    let longestPublishMs = 0;
    for (let index = 0; index < 2_000 && websocketd.connectionCount() > 1; index += 1) {
      const startedAt = performance.now();
      publish({ name: 'big', origin_uuid: 'node', required_acl: null, data: { index, payload } });
      longestPublishMs = Math.max(longestPublishMs, performance.now() - startedAt);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(longestPublishMs < 100, `publication never waited for the slow client (longest ${longestPublishMs.toFixed(1)} ms)`);
    assert.equal(websocketd.connectionCount(), 1, 'the slow client was dropped, the other kept');
    assert.ok(warnings.some((warning) => warning.includes('too slow')), 'the drop is logged');
    slow.socket.resume();
    assert.equal(await slow.closeCode(), 1013);
    assert.ok(await waitUntil(() => fast.texts.length > 3));
    fast.close();
  });
});
