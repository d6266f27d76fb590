/**
 * Calls through a peer trunk whose provider is SIPp, in and out: calld's `current_call_count` of
 * the trunk counts them while they last (seed CF-07, CF-08; Wazo calld's trunk model).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { includeContext } from '../../store/index.ts';
import { CONFD, confdWriter } from '../support/confd-writer.ts';
import { freeSipPort } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp, type SippRun } from '../support/sipp.ts';
import { phoneSdp, startStackPhone, type IncomingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let rest: RestClient;
let token = '';
let providerPort = 0;
let trunkId = 0;
let endpointUuid = '';
const { created, put } = confdWriter(() => rest, () => token);
let alice: StackPhone;
let bob: StackPhone;

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  alice = await startStackPhone('alice');
  bob = await startStackPhone('bob');
  assert.equal(await bob.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  bob.onIncoming((incoming) => incoming.session.accept({ sdp: phoneSdp(9) }));
  providerPort = await freeSipPort();
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; tenant_uuid: string; lines: { name: string }[] }[] };
  const bobUser = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bobUser !== undefined);
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  await created('/contexts', { name: 'to-extern', type: 'outcall' });
  assert.equal((await includeContext(testNode.node.store.database, { tenantUuid: bobUser.tenant_uuid as never, context: 'default', include: 'to-extern' })).type, 'ok');
  const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${providerPort}` });
  endpointUuid = String(endpoint['uuid'] ?? endpoint['id']);
  const trunk = await created('/trunks', { context: 'from-extern' });
  trunkId = Number(trunk['id']);
  await put(`/trunks/${String(trunkId)}/endpoints/sip/${endpointUuid}`);
  const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
  const incall = await created('/incalls', { destination: { type: 'user', user_id: bobUser.id } });
  await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
  const outcall = await created('/outcalls', { name: 'provider' });
  await put(`/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: trunkId }] });
  const pattern = await created('/extensions', { exten: '_0.', context: 'to-extern' });
  await put(`/outcalls/${String(outcall['id'])}/extensions/${String(pattern['id'])}`, {});
  assert.ok(await waitUntil(async () => (await trunkCallCount()) === 0), 'the trunk runs');
});
after(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await testNode?.close();
});

/** calld's `current_call_count` of the trunk, or undefined when calld does not show it. */
async function trunkCallCount(): Promise<number | undefined> {
  const items = ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: { id: number; current_call_count: number }[] }).items;
  return items.find((item) => item.id === trunkId)?.current_call_count;
}

/** The provider calls the DID 1000 with `from` (and one more header); resolves when it got the BYE. */
function providerCalls(from = '<sip:0123456789@127.0.0.1>', header = 'X-Test: none'): Promise<SippRun> {
  return runSipp({ scenario: 'uac-provider-call-expect-bye.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: [`1000;${from};${header}`], timeoutS: 20, traceMessages: true });
}

/** Bob's newest call once it is answered and acknowledged. */
async function bobAnswered(before: number): Promise<IncomingCall> {
  assert.ok(await waitUntil(() => bob.incoming.length > before && bob.incoming.at(-1)?.events.some((event) => event.type === 'ack.received') === true), 'Bob answers');
  return bob.incoming.at(-1)!;
}

describe('calld\'s current_call_count of a trunk', () => {
  it('MUST count a call in from the trunk while it lasts, and drop it when it ends', async () => {
    const before = bob.incoming.length;
    const provider = providerCalls();
    const incoming = await bobAnswered(before);
    assert.ok(await waitUntil(async () => (await trunkCallCount()) === 1), 'the call in counts');
    incoming.session.sendBye();
    const run = await provider;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.ok(await waitUntil(async () => (await trunkCallCount()) === 0), 'the ended call no longer counts');
  });

  it('MUST count a call out through the trunk while it lasts, and drop it when it ends', async () => {
    const provider = runSipp({ scenario: 'uas-answer-expect-bye.xml', target: '127.0.0.1', localPort: providerPort, timeoutS: 20, traceMessages: true, injection: ['9'] });
    const outgoing = alice.call(testNode.sipPort, '0123456789', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered'), { timeoutMs: 10_000 }), `answered: ${JSON.stringify(outgoing.events)}`);
    assert.ok(await waitUntil(async () => (await trunkCallCount()) === 1), 'the call out counts');
    outgoing.session()?.sendBye();
    const run = await provider;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.ok(await waitUntil(async () => (await trunkCallCount()) === 0), 'the ended call no longer counts');
  });
});
