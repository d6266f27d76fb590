/**
 * calld's call control on a real node with two scripted phones (seed API-01, API-06): the calls
 * listed with the calld model, per tenant and per user; hold and resume through the API; a call
 * hung up through the API ends both legs with `call_ended`; answer refused with why by a phone
 * without NOTIFY (405; calld-remote-answer.test.ts has the phones that take it); bad ids and
 * other users' calls refused; the OpenAPI document lists every route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { call } from '../../actors/index.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { phoneSdp, startStackPhone, type IncomingCall, type StackPhone } from '../support/stack-phone.ts';
import { restClient, type RestClient, type RestRequest } from '../support/rest-client.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let caller: StackPhone;
let callee: StackPhone;
let admin = '';
const events: { name: string; data: Record<string, unknown> }[] = [];

let client: RestClient;
const api = (path: string, init?: RestRequest) => client.request(path, init);
const login = (username: string, password: string) => client.login(username, password);

/** A login for the PBX user `userUuid`, with the given ACLs. */
async function userToken(userUuid: string, name: string, acl: readonly string[]): Promise<string> {
  const policy = await api('/api/auth/0.1/policies', { method: 'POST', token: admin, body: { name: `${name}-policy`, acl } });
  const user = await api('/api/auth/0.1/users', { method: 'POST', token: admin, body: { uuid: userUuid, username: name, password: `${name}-pw` } });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  assert.equal((await api(`/api/auth/0.1/users/${userUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: admin })).status, 204);
  return login(name, `${name}-pw`);
}

const calls = async (token: string, path = '/api/calld/1.0/calls'): Promise<call.CallModel[]> => {
  const answer = await api(path, { token });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body as { items: call.CallModel[] }).items;
};

/** Calls 1002 from 1001 and waits until the call is answered; the callee phone answers at once when `answer`. */
async function placeCall(answer: boolean): Promise<{ outgoing: ReturnType<StackPhone['call']>; incoming: IncomingCall }> {
  const before = callee.incoming.length;
  callee.onIncoming(({ session }) => {
    session.provisional(180);
    if (answer) session.accept({ sdp: phoneSdp(callee.port + 10_000) });
  });
  const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
  const expected = answer ? 'answered' : 'provisional';
  assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === expected)), `the call is ${expected}`);
  const incoming = callee.incoming[before];
  assert.ok(incoming !== undefined);
  return { outgoing, incoming };
}

before(async () => {
  testNode = await startTestNode();
  client = restClient(testNode.httpPort);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  admin = await login('admin', testNode.adminPassword);
  testNode.node.bus.subscribe([], (event) => void events.push({ name: event.name, data: event.data as Record<string, unknown> }));
});
after(async () => {
  await Promise.all([caller.close(), callee.close()]);
  await testNode.close();
});

describe('calld call control', () => {
  it('MUST list an answered call as two channels with the calld model, and show each by id', async () => {
    const { outgoing } = await placeCall(true);
    const listed = await calls(admin);
    assert.equal(listed.length, 2, JSON.stringify(listed));
    const callerChannel = listed.find((model) => model.is_caller);
    const calleeChannel = listed.find((model) => !model.is_caller);
    assert.ok(callerChannel !== undefined && calleeChannel !== undefined);
    assert.deepEqual([callerChannel.status, calleeChannel.status], ['Up', 'Up']);
    assert.equal(callerChannel.talking_to[calleeChannel.call_id], calleeChannel.user_uuid);
    assert.equal(callerChannel.sip_call_id, outgoing.session()?.callId);
    const shown = await api(`/api/calld/1.0/calls/${calleeChannel.call_id}`, { token: admin });
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body, calleeChannel);
    assert.deepEqual((await calls(admin, `/api/calld/1.0/calls?user_uuid=${callerChannel.user_uuid ?? ''}`)).map((model) => model.call_id), [callerChannel.call_id]);
    assert.deepEqual(await calls(admin, '/api/calld/1.0/calls?application=some-app'), []);
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(async () => (await calls(admin)).length === 0), 'the call is gone from the list once hung up');
  });

  it('MUST hold and resume a call through the API: the peer is re-invited to music on hold, on_hold and call_held/call_resumed follow', async () => {
    const { outgoing, incoming } = await placeCall(true);
    const reinvites: string[] = [];
    incoming.listen((event) => {
      if (event.type !== 'reinvite.received') return;
      reinvites.push(event.sdp ?? '');
      incoming.session.answerReInvite(event.requestId, { type: 'accept', sdp: phoneSdp(callee.port + 10_000, /a=sendonly/.test(event.sdp ?? '') ? 'inactive' : 'sendrecv', reinvites.length + 1) });
    });
    const callerChannel = (await calls(admin)).find((model) => model.is_caller);
    assert.ok(callerChannel !== undefined);
    const id = callerChannel.call_id;
    assert.equal((await api(`/api/calld/1.0/calls/${id}/hold/start`, { method: 'PUT', token: admin })).status, 204);
    assert.ok(await waitUntil(() => reinvites.some((sdp) => /a=sendonly/.test(sdp))), 'the callee is put on hold by a sendonly re-INVITE');
    assert.ok(await waitUntil(async () => (await calls(admin)).find((model) => model.call_id === id)?.on_hold === true), 'on_hold is true');
    assert.ok(events.some((event) => event.name === 'call_held' && event.data['call_id'] === id));
    assert.equal((await api(`/api/calld/1.0/calls/${id}/hold/stop`, { method: 'PUT', token: admin })).status, 204);
    assert.ok(await waitUntil(() => reinvites.length >= 2 && /a=sendrecv/.test(reinvites.at(-1) ?? '')), 'the callee is resumed by a sendrecv re-INVITE');
    assert.ok(await waitUntil(async () => (await calls(admin)).find((model) => model.call_id === id)?.on_hold === false), 'on_hold is false');
    assert.ok(events.some((event) => event.name === 'call_resumed' && event.data['call_id'] === id));
    assert.equal((await api(`/api/calld/1.0/calls/${id}/answer`, { method: 'PUT', token: admin })).status, 409, 'an answered call cannot be answered');
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(async () => (await calls(admin)).length === 0));
  });

  it("MUST let a user see and hang up only their own calls: hanging up ends both legs with call_ended", async () => {
    const { outgoing, incoming } = await placeCall(true);
    const listed = await calls(admin);
    const callerChannel = listed.find((model) => model.is_caller);
    const calleeChannel = listed.find((model) => !model.is_caller);
    assert.ok(callerChannel?.user_uuid && calleeChannel !== undefined);
    const alice = await userToken(callerChannel.user_uuid, 'alice', ['calld.users.me.#']);
    assert.deepEqual((await calls(alice, '/api/calld/1.0/users/me/calls')).map((model) => model.call_id), [callerChannel.call_id]);
    assert.equal((await api('/api/calld/1.0/calls', { token: alice })).status, 403, 'a user token lacks calld.calls.read');
    assert.equal((await api(`/api/calld/1.0/users/me/calls/${calleeChannel.call_id}`, { method: 'DELETE', token: alice })).status, 403, "another user's call");
    assert.equal((await api('/api/calld/1.0/users/me/calls/1.999999', { method: 'DELETE', token: alice })).status, 404);
    const endedBefore = events.filter((event) => event.name === 'call_ended').length;
    assert.equal((await api(`/api/calld/1.0/users/me/calls/${callerChannel.call_id}`, { method: 'DELETE', token: alice })).status, 204);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'bye.received')), 'the caller phone gets a BYE');
    assert.ok(await waitUntil(() => incoming.events.some((event) => event.type === 'bye.received')), 'the callee phone gets a BYE');
    assert.ok(await waitUntil(() => {
      const ended = events.filter((event) => event.name === 'call_ended').slice(endedBefore).map((event) => event.data['call_id']);
      return ended.includes(callerChannel.call_id) && ended.includes(calleeChannel.call_id);
    }), 'call_ended for both channels');
    assert.ok(await waitUntil(async () => (await calls(admin)).length === 0));
  });

  it('MUST cancel a ringing leg hung up through the API, and refuse to answer it remotely with why', async () => {
    const { outgoing, incoming } = await placeCall(false);
    assert.ok(await waitUntil(async () => (await calls(admin)).some((model) => model.status === 'Ringing')));
    const ringing = (await calls(admin)).find((model) => model.status === 'Ringing');
    assert.ok(ringing !== undefined);
    const refused = await api(`/api/calld/1.0/calls/${ringing.call_id}/answer`, { method: 'PUT', token: admin });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /answer it on the device/);
    assert.match(JSON.stringify(refused.body), /answered 405/, 'the scripted phone serves no NOTIFY');
    assert.equal((await api(`/api/calld/1.0/calls/${ringing.call_id}/hold/start`, { method: 'PUT', token: admin })).status, 409, 'a ringing call cannot be held');
    assert.equal((await api(`/api/calld/1.0/calls/${ringing.call_id}`, { method: 'DELETE', token: admin })).status, 204);
    assert.ok(await waitUntil(() => incoming.events.some((event) => event.type === 'cancelled')), 'the callee phone gets a CANCEL');
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'failed')), 'the caller gets a final answer');
    assert.ok(await waitUntil(async () => (await calls(admin)).length === 0));
  });

  it('MUST answer 404 for unknown or malformed call ids and keep other tenants out', async () => {
    for (const id of ['1.999999', 'not-an-id', '%00', '..']) {
      assert.equal((await api(`/api/calld/1.0/calls/${id}`, { token: admin })).status, 404, id);
      assert.equal((await api(`/api/calld/1.0/calls/${id}`, { method: 'DELETE', token: admin })).status, 404, id);
      assert.equal((await api(`/api/calld/1.0/calls/${id}/hold/start`, { method: 'PUT', token: admin })).status, 404, id);
    }
    assert.equal((await api('/api/calld/1.0/calls')).status, 401, 'no token');
    const tenant = await api('/api/auth/0.1/tenants', { method: 'POST', token: admin, body: { name: 'other-tenant' } });
    assert.equal(tenant.status, 201, JSON.stringify(tenant.body));
    const tenantUuid = (tenant.body as { uuid: string }).uuid;
    const { outgoing } = await placeCall(true);
    const other = await api('/api/calld/1.0/calls', { token: admin, body: undefined });
    const id = (other.body as { items: call.CallModel[] }).items[0]?.call_id ?? '';
    const inOther = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/calld/1.0/calls`, { headers: { 'x-auth-token': admin, 'wazo-tenant': tenantUuid } });
    assert.deepEqual(((await inOther.json()) as { items: unknown[] }).items, [], 'another tenant sees none of these calls');
    const oneInOther = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/calld/1.0/calls/${id}`, { method: 'DELETE', headers: { 'x-auth-token': admin, 'wazo-tenant': tenantUuid } });
    assert.equal(oneInOther.status, 404, "another tenant's call does not exist for it");
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(async () => (await calls(admin)).length === 0));
  });

  it('MUST serve the OpenAPI document listing every route', async () => {
    const answer = await api('/api/calld/1.0/api/api.yml');
    assert.equal(answer.status, 200);
    const paths = Object.keys((answer.body as { paths: Record<string, unknown> }).paths);
    for (const path of ['/calls', '/calls/{call_id}', '/calls/{call_id}/hold/start', '/calls/{call_id}/hold/stop', '/calls/{call_id}/answer', '/users/me/calls', '/users/me/calls/{call_id}', '/users/me/calls/{call_id}/hold/start']) assert.ok(paths.includes(path), path);
  });
});
