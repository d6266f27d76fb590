/**
 * Calls through a peer trunk whose provider is SIPp, in and out: calld's `current_call_count` of
 * the trunk counts them while they last (seed CF-07, CF-08; Wazo calld's trunk model), and caller
 * identity privacy crosses the trunk both ways (RFC 3323 `Privacy: id`, RFC 3325
 * P-Asserted-Identity, with the trunk's `send_pai`, `trust_id_outbound` and `trust_id_inbound`).
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
let aliceUserId = 0;

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
  aliceUserId = users.items.find((user) => user.lines.some((line) => line.name === '1001'))?.id ?? 0;
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

/** Sets the trunk endpoint's options and waits until the trunks run with them. */
async function trunkOptions(options: readonly (readonly [string, string])[]): Promise<void> {
  await put(`/endpoints/sip/${endpointUuid}`, { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${providerPort}`, options });
  await testNode.node.trunks.reload();
}

/** The INVITE the provider's SIPp received, with its headers. */
function receivedInvite(run: SippRun): string {
  return /^INVITE [^\n]*\n(?:[^\n]+\n)*/m.exec(run.messages)?.[0] ?? '';
}

/** Alice (1001, who withholds her caller ID) calls out; resolves with the INVITE the provider received. */
async function aliceCallsOut(): Promise<string> {
  const provider = runSipp({ scenario: 'uas-answer-expect-bye.xml', target: '127.0.0.1', localPort: providerPort, timeoutS: 20, traceMessages: true, injection: ['9'] });
  const outgoing = alice.call(testNode.sipPort, '0123456789', '1001', testNode.passwords['1001']);
  assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered'), { timeoutMs: 10_000 }), `answered: ${JSON.stringify(outgoing.events)}`);
  outgoing.session()?.sendBye();
  const run = await provider;
  assert.equal(run.exitCode, 0, run.errors || run.stdout);
  return receivedInvite(run);
}

describe('caller identity privacy through a trunk', () => {
  it('MUST send a withheld caller ID as anonymous@anonymous.invalid with Privacy: id, and no identity to an untrusted trunk', async () => {
    await put(`/users/${String(aliceUserId)}`, { outgoing_caller_id: 'anonymous' });
    await trunkOptions([['send_pai', 'yes']]);
    const invite = await aliceCallsOut();
    assert.match(invite, /^From: "Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/m, invite);
    assert.match(invite, /^Privacy: id\r?$/m, invite);
    assert.doesNotMatch(invite, /^P-Asserted-Identity:/im, invite);
  });

  it('MUST assert the real caller ID in P-Asserted-Identity to a trunk trusted outbound (send_pai, trust_id_outbound)', async () => {
    await trunkOptions([['send_pai', 'yes'], ['trust_id_outbound', 'yes']]);
    const invite = await aliceCallsOut();
    assert.match(invite, /^From: "Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/m, invite);
    assert.match(invite, /^Privacy: id\r?$/m, invite);
    assert.match(invite, /^P-Asserted-Identity: (?:"[^"]*" )?<sip:1001@/m, invite);
  });

  it('MUST show the callee the P-Asserted-Identity of a trunk trusted inbound, and an anonymous caller for Privacy: id', async () => {
    await trunkOptions([['trust_id_inbound', 'yes']]);
    const asserted = 'P-Asserted-Identity: "Bob Provider" <sip:0612345678@127.0.0.1>';
    const seen = async (from: string, header: string): Promise<string> => {
      const before = bob.incoming.length;
      const provider = providerCalls(from, header);
      const incoming = await bobAnswered(before);
      incoming.session.sendBye();
      const run = await provider;
      assert.equal(run.exitCode, 0, run.errors || run.stdout);
      return incoming.session.request.headers['from']?.[0] ?? '';
    };
    assert.match(await seen('"Anonymous" <sip:anonymous@anonymous.invalid>', asserted), /^"Bob Provider" <sip:0612345678@/);
    assert.match(await seen('<sip:0612345678@127.0.0.1>', 'Privacy: id'), /^"Anonymous" <sip:anonymous@/);
    await trunkOptions([]);
    assert.match(await seen('<sip:0698765432@127.0.0.1>', asserted), /<sip:0698765432@/, 'an untrusted trunk\'s P-Asserted-Identity is ignored');
  });
});
