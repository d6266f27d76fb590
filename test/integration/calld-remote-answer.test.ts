/**
 * calld's remote answer on a real node (docs/decisions.md D-050): `PUT /calls/{id}/answer` on a
 * ringing callee channel sends the callee's phone an out-of-dialog NOTIFY with `Event: talk`. A
 * phone that takes it answers the NOTIFY 200 and picks up its ringing call: the caller is answered
 * and the channel turns Up. A phone that refuses it (489 Bad Event) leaves the API a 400 saying
 * why (the control API's `calls.answer` the same, `unsupported`), and the call keeps ringing. The
 * user's own phone of an originated call (click-to-call) is picked up the same way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { call } from '../../actors/index.ts';
import { sipMessage, type RequestHandler } from '../../transport/index.ts';
import { openControlClient } from '../support/control-client.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let client: RestClient;
let admin = '';
let caller: StackPhone;
/** Takes `Event: talk`: answers the NOTIFY 200, then its ringing call. */
let answering: StackPhone;
/** Does not do remote answer: 489 Bad Event to the NOTIFY. */
let refusing: StackPhone;
const notifies: { phone: string; event: string | undefined; to: string | undefined }[] = [];

const calls = async (): Promise<call.CallModel[]> => ((await client.request('/api/calld/1.0/calls', { token: admin })).body as { items: call.CallModel[] }).items;
const statusOf = async (callId: string): Promise<string | undefined> => (await calls()).find((model) => model.call_id === callId)?.status;

/** A NOTIFY handler recording what came, answering `status`, then running `then` once the answer is on its way. */
function notifyHandler(phone: string, status: number, then: () => void): RequestHandler {
  return ({ request }) => {
    const event = sipMessage.getHeader(request, 'event');
    notifies.push({ phone, event, to: sipMessage.getHeader(request, 'to') });
    if (event === 'talk' && status === 200) setImmediate(then);
    return sipMessage.createResponse(request, event === 'talk' ? status : 489);
  };
}

/** Calls 1002 from 1001 and waits until the callee's channel rings; its call id. */
async function ringCallee(): Promise<{ outgoing: ReturnType<StackPhone['call']>; ringing: call.CallModel }> {
  const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
  assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'provisional')), 'the caller hears ringing');
  assert.ok(await waitUntil(async () => (await calls()).some((model) => !model.is_caller && model.status === 'Ringing')), 'the callee channel rings');
  const ringing = (await calls()).find((model) => !model.is_caller && model.status === 'Ringing');
  assert.ok(ringing !== undefined);
  return { outgoing, ringing };
}

before(async () => {
  testNode = await startTestNode();
  client = restClient(testNode.httpPort);
  admin = await client.login('admin', testNode.adminPassword);
  caller = await startStackPhone('caller');
  answering = await startStackPhone('answering', {
    handlers: { NOTIFY: notifyHandler('answering', 200, () => void answering.incoming.at(-1)?.session.accept({ sdp: phoneSdp(answering.port > 55_000 ? 40_000 : answering.port + 10_000) })) },
  });
  refusing = await startStackPhone('refusing', { handlers: { NOTIFY: notifyHandler('refusing', 489, () => undefined) } });
  for (const phone of [answering, refusing]) phone.onIncoming(({ session }) => void session.provisional(180));
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
});
after(async () => {
  await Promise.all([caller.close(), answering.close(), refusing.close()]);
  await testNode.close();
});

describe('calld remote answer', () => {
  it('MUST make a phone that takes Event: talk pick up: 204, the caller is answered and the channel turns Up', async () => {
    assert.equal(await answering.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
    const { outgoing, ringing } = await ringCallee();
    const answered = await client.request(`/api/calld/1.0/calls/${ringing.call_id}/answer`, { method: 'PUT', token: admin });
    assert.equal(answered.status, 204, JSON.stringify(answered.body));
    assert.deepEqual(notifies.filter((notify) => notify.phone === 'answering'), [{ phone: 'answering', event: 'talk', to: '<sip:1002@127.0.0.1>' }]);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), 'the caller is answered');
    assert.ok(await waitUntil(async () => (await statusOf(ringing.call_id)) === 'Up'), 'the callee channel is Up');
    assert.equal((await client.request(`/api/calld/1.0/calls/${ringing.call_id}/answer`, { method: 'PUT', token: admin })).status, 409, 'answered already');
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(async () => (await calls()).length === 0));
    assert.equal(await answering.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002'], 0), 200);
  });

  it('MUST answer 400 with why when the phone refuses Event: talk, and leave the call ringing', async () => {
    assert.equal(await refusing.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
    const { outgoing, ringing } = await ringCallee();
    const refused = await client.request(`/api/calld/1.0/calls/${ringing.call_id}/answer`, { method: 'PUT', token: admin });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body), /does not accept remote answer/);
    assert.match(JSON.stringify(refused.body), /489 Bad Event/);
    assert.match(JSON.stringify(refused.body), /answer it on the device/);
    const control = await openControlClient(`ws://127.0.0.1:${testNode.httpPort}/api/control?token=${admin}`);
    await control.waitFor((frame) => frame.type === 'welcome');
    const command = await control.command('a', 'calls.answer', { call_id: ringing.call_id });
    control.close();
    assert.equal((command['error'] as { code: string }).code, 'unsupported', 'the control API answers the same');
    assert.deepEqual(notifies.filter((notify) => notify.phone === 'refusing').map((notify) => notify.event), ['talk', 'talk']);
    assert.equal(await statusOf(ringing.call_id), 'Ringing', 'the call keeps ringing');
    assert.ok(!outgoing.events.some((event) => event.type === 'answered' || event.type === 'failed'), 'the caller still hears ringing');
    assert.equal((await client.request(`/api/calld/1.0/calls/${ringing.call_id}`, { method: 'DELETE', token: admin })).status, 204);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'failed')), 'the caller gets a final answer');
    assert.ok(await waitUntil(async () => (await calls()).length === 0));
  });

  it("MUST pick up the user's own phone of an originated call (click-to-call) the same way", async () => {
    assert.equal(await answering.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
    const users = (await client.request('/api/confd/1.1/users', { token: admin })).body as { items: { uuid: string; lines: { name: string }[] }[] };
    const alice = users.items.find((user) => user.lines.some((line) => line.name === '1001'));
    assert.ok(alice !== undefined);
    const before = answering.incoming.length;
    const originated = await client.request('/api/calld/1.0/calls', { method: 'POST', token: admin, body: { source: { user: alice.uuid }, destination: { context: 'default', extension: '1002' } } });
    assert.equal(originated.status, 201, JSON.stringify(originated.body));
    const source = (originated.body as call.CallModel).call_id;
    assert.ok(await waitUntil(() => answering.incoming.length > before), "the user's phone rings");
    assert.equal((await client.request(`/api/calld/1.0/calls/${source}/answer`, { method: 'PUT', token: admin })).status, 204);
    assert.ok(await waitUntil(async () => (await statusOf(source)) === 'Up'), "the user's channel is Up");
    assert.equal((await client.request(`/api/calld/1.0/calls/${source}`, { method: 'DELETE', token: admin })).status, 204);
    assert.ok(await waitUntil(async () => (await calls()).length === 0));
  });
});
