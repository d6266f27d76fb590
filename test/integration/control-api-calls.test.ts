/**
 * The calld verbs over the control WebSocket of a real node, with two scripted phones: the
 * administrator lists the call (both channels, calld model), mutes and holds one channel, and
 * hangs the call up; the call's events arrive on the same socket, numbered; another tenant's
 * administrator neither sees nor touches the call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openControlClient } from '../support/control-client.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let rest: RestClient;
let caller: StackPhone;
let callee: StackPhone;

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
});
after(async () => {
  await Promise.all([caller.close(), callee.close()]);
  await testNode.close();
});

async function otherTenantAdmin(root: string): Promise<string> {
  const tenant = await rest.request('/api/auth/0.1/tenants', { method: 'POST', token: root, body: { name: 'other' } });
  const policies = await rest.request('/api/auth/0.1/policies?search=default-admin', { token: root });
  const user = await rest.request('/api/auth/0.1/users', { method: 'POST', token: root, headers: { 'wazo-tenant': (tenant.body as { uuid: string }).uuid }, body: { username: 'other-admin', password: 'other-pw' } });
  await rest.request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policies.body as { items: { uuid: string }[] }).items[0]?.uuid ?? ''}`, { method: 'PUT', token: root });
  return rest.login('other-admin', 'other-pw');
}

describe('calld verbs over the control WebSocket', () => {
  it('MUST list, mute, hold and hang up a call of its tenant, with the events on the same socket, and nothing of another tenant', async () => {
    const root = await rest.login('admin', testNode.adminPassword);
    const control = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${root}`);
    const stranger = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${await otherTenantAdmin(root)}`);
    await Promise.all([control.waitFor((frame) => frame.type === 'welcome'), stranger.waitFor((frame) => frame.type === 'welcome')]);
    await control.command('s', 'subscriptions.add', { events: ['call_created', 'call_updated', 'call_ended'] });

    callee.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(callee.port + 10_000) });
    });
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')));

    const listed = (await control.command('l', 'calls.list'))['result'] as { total: number; items: { call_id: string; is_caller: boolean; status: string }[] };
    assert.equal(listed.total, 2, JSON.stringify(listed));
    const callerChannel = listed.items.find((model) => model.is_caller)?.call_id ?? '';
    assert.deepEqual((await stranger.command('l', 'calls.list'))['result'], { total: 0, items: [] });
    assert.equal(((await stranger.command('h', 'calls.hangup', { call_id: callerChannel }))['error'] as { code: string }).code, 'not_found');

    assert.equal((await control.command('m', 'calls.mute', { call_id: callerChannel, on: true }))['ok'], true);
    let poll = 0;
    assert.ok(await waitUntil(async () => ((await control.command(`g${(poll += 1)}`, 'calls.get', { call_id: callerChannel }))['result'] as { muted?: boolean }).muted === true));
    assert.equal((await control.command('d', 'calls.dtmf', { call_id: callerChannel, digits: 'x' }))['ok'], false);
    assert.equal(((await control.command('n', 'calls.answer', { call_id: callerChannel }))['error'] as { code: string }).code, 'invalid_state', 'an answered call');
    assert.equal((await control.command('o', 'calls.hold', { call_id: callerChannel, on: true }))['ok'], true);
    assert.equal((await control.command('x', 'calls.hangup', { call_id: callerChannel }))['ok'], true);
    assert.ok(await waitUntil(() => control.frames.filter((frame) => frame.type === 'event' && frame['name'] === 'call_ended').length >= 2, { timeoutMs: 10_000 }));
    const sequences = control.frames.filter((frame) => frame.type === 'event').map((frame) => frame['sequence'] as number);
    assert.deepEqual(sequences, sequences.map((_, index) => index + 1));
    control.close();
    stranger.close();
  });

  it("MUST let a softphone user's token list and act on its own calls only, through the me.calls forms", async () => {
    const root = await rest.login('admin', testNode.adminPassword);
    const userUuid = (await testNode.node.store.database.query<{ uuid: string }>("SELECT uuid::text AS uuid FROM users WHERE lastname = '1001'")).rows[0]?.uuid ?? '';
    const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token: root, body: { name: 'softphone-control', acl: ['calld.users.me.#', 'websocketd'] } });
    assert.equal((await rest.request('/api/auth/0.1/users', { method: 'POST', token: root, body: { uuid: userUuid, username: 'alice-control', password: 'alice-pw' } })).status, 201);
    await rest.request(`/api/auth/0.1/users/${userUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: root });
    const own = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${await rest.login('alice-control', 'alice-pw')}`);
    await own.waitFor((frame) => frame.type === 'welcome');

    callee.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(callee.port + 10_000) });
    });
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')));

    const listed = (await own.command('l', 'me.calls.list'))['result'] as { total: number; items: { call_id: string; user_uuid: string; is_caller: boolean }[] };
    assert.deepEqual([listed.total, listed.items[0]?.user_uuid, listed.items[0]?.is_caller], [1, userUuid, true]);
    assert.equal(((await own.command('a', 'calls.list'))['error'] as { code: string }).code, 'forbidden');
    const admin = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${root}`);
    await admin.waitFor((frame) => frame.type === 'welcome');
    const all = (await admin.command('l', 'calls.list'))['result'] as { items: { call_id: string; is_caller: boolean }[] };
    const calleeChannel = all.items.find((model) => !model.is_caller)?.call_id ?? '';
    assert.equal(((await own.command('h', 'me.calls.hangup', { call_id: calleeChannel }))['error'] as { code: string }).code, 'forbidden');
    assert.equal(((await own.command('n', 'me.calls.answer', { call_id: calleeChannel }))['error'] as { code: string }).code, 'forbidden');
    assert.equal((await own.command('x', 'me.calls.hangup', { call_id: listed.items[0]?.call_id ?? '' }))['ok'], true);
    let poll = 0;
    // Each poll has its own request id: a reply is matched by id.
    assert.ok(await waitUntil(async () => ((await admin.command(`z${(poll += 1)}`, 'calls.list'))['result'] as { total: number }).total === 0, { timeoutMs: 10_000 }));
    own.close();
    admin.close();
  });
});
