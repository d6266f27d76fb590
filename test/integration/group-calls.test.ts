/**
 * Calls to groups (hunt groups, seed CF-22) on a real node, with three stack phones as members and
 * groups made through confd: `all` rings every member and the first to answer takes the call (the
 * others get a CANCEL saying the call was completed elsewhere); `linear` rings the members one by
 * one in priority order; no answer goes to the group's fallback (or ends with 480); a DID from a
 * provider trunk (SIPp) reaches a group.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listCallLogs } from '../../store/index.ts';
import type { BusEvent } from '../../supervisors/index.ts';
import type { call as callKind } from '../../actors/index.ts';
import { freeSipPort } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { phoneSdp, startStackPhone, type IncomingCall, type OutgoingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { confdWriter, type ConfdItem } from '../support/confd-writer.ts';

let testNode: TestNode;
let rest: RestClient;
let token: string;
const { created, put } = confdWriter(() => rest, () => token);
let caller: StackPhone;
const members: { readonly phone: StackPhone; readonly user: ConfdItem }[] = [];
let nextExten = 2000;
/**
 * How long a read of the configuration version stands in the routing port (its VERSION_FRESH_MS):
 * a change made through confd reaches routing within that time.
 */
const VERSION_FRESH_MS = 250;
let lastWriteAtMs = 0;

/** Waits until routing reads the configuration written last. */
async function routingCaughtUp(): Promise<void> {
  assert.ok(await waitUntil(() => Date.now() > lastWriteAtMs + VERSION_FRESH_MS, { intervalMs: 20 }));
}

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  caller = await startStackPhone('alice');
  for (const index of [1, 2, 3]) {
    const username = `member${index}`;
    const password = `member-secret-${index}`;
    const user = await created('/users', { firstname: `Member${index}` });
    const line = await created('/lines', { context: 'default' });
    const endpoint = await created('/endpoints/sip', { auth_section_options: [['username', username], ['password', password]] });
    const extension = await created('/extensions', { exten: `110${index}`, context: 'default' });
    await put(`/lines/${String(line['id'])}/endpoints/sip/${String(endpoint['uuid'])}`);
    await put(`/lines/${String(line['id'])}/extensions/${String(extension['id'])}`);
    await put(`/users/${String(user['uuid'])}/lines/${String(line['id'])}`);
    const phone = await startStackPhone(username);
    assert.equal(await phone.register(testNode.node, testNode.sipPort, username, password), 200);
    members.push({ phone, user });
  }
});
after(async () => {
  await caller.close();
  for (const member of members) await member.phone.close();
  await testNode.close();
});

const member = (index: number) => {
  const found = members[index];
  assert.ok(found !== undefined);
  return found;
};

/** A group reached at a new extension of `default`, with `memberIndexes` as its members in priority order. */
async function groupAt(body: Record<string, unknown>, memberIndexes: readonly number[], fallback?: unknown): Promise<string> {
  const exten = String(nextExten++);
  const group = await created('/groups', { label: `Group ${exten}`, ...body });
  await put(`/groups/${String(group['id'])}/members/users`, { users: memberIndexes.map((index, priority) => ({ uuid: member(index).user['uuid'], priority })) });
  const extension = await created('/extensions', { exten, context: 'default' });
  await put(`/groups/${String(group['id'])}/extensions/${String(extension['id'])}`);
  if (fallback !== undefined) await put(`/groups/${String(group['id'])}/fallbacks`, { noanswer_destination: fallback });
  lastWriteAtMs = Date.now();
  await routingCaughtUp();
  return exten;
}

/** Every member's phone rings (180) and waits; `answering` members answer at once. */
function ringOnly(answering: readonly number[] = []): void {
  members.forEach(({ phone }, index) => phone.onIncoming(({ session }) => {
    session.provisional(180);
    if (answering.includes(index)) session.accept({ sdp: phoneSdp(40_000 + index) });
  }));
}

const callGroup = (exten: string): OutgoingCall => caller.call(testNode.sipPort, exten, '1001', testNode.passwords['1001']);
const has = (events: readonly { type: string }[], type: string) => events.some((event) => event.type === type);
const newCall = (index: number, before: number): IncomingCall | undefined => member(index).phone.incoming[before];
const counts = () => members.map(({ phone }) => phone.incoming.length);

async function hangUp(outgoing: OutgoingCall): Promise<void> {
  outgoing.session()?.sendBye();
  assert.ok(await waitUntil(() => testNode.node.calls.activeCallCount() === 0), 'the call ended');
}

describe('a group with strategy all', () => {
  it('MUST ring all three members, give the call to the first who answers, CANCEL the others as completed elsewhere, and name that member', async () => {
    const exten = await groupAt({ name: 'everyone', ring_strategy: 'all', timeout: 30, user_timeout: 20 }, [0, 1, 2]);
    const events: BusEvent[] = [];
    const unsubscribe = testNode.node.bus.subscribe(['call_updated'], (event) => events.push(event));
    ringOnly();
    const before = counts();
    const outgoing = callGroup(exten);
    assert.ok(await waitUntil(() => [0, 1, 2].every((index) => newCall(index, before[index] ?? 0) !== undefined)), `all three ring: ${String(counts())}`);
    newCall(1, before[1] ?? 0)?.session.accept({ sdp: phoneSdp(40_001) });
    assert.ok(await waitUntil(() => has(outgoing.events, 'answered')), 'the caller is connected');
    for (const index of [0, 2]) {
      const cancelled = newCall(index, before[index] ?? 0);
      assert.ok(await waitUntil(() => has(cancelled?.events ?? [], 'cancelled')), `member ${index + 1} got CANCEL`);
      const event = cancelled?.events.find((candidate) => candidate.type === 'cancelled') as { reason?: string } | undefined;
      assert.equal(event?.reason, 'SIP;cause=200;text="Call completed elsewhere"');
    }
    const memberUuid = member(1).user['uuid'];
    assert.ok(events.some((event) => {
      const model = event.data as callKind.CallModel;
      return model.is_caller === false && model.status === 'Up' && model.user_uuid === memberUuid;
    }), 'call_updated names the member who answered');
    unsubscribe();
    await hangUp(outgoing);
    const namesMember = async () => (await listCallLogs(testNode.node.store.database, { limit: 5 })).items
      .some((log) => log.answered && log.participants.some((participant) => participant.role === 'destination' && participant.userUuid === memberUuid));
    assert.ok(await waitUntil(namesMember), 'the call log names the member who answered');
  });
});

describe('a group with strategy linear', () => {
  it('MUST ring the members one by one in priority order, the second after the first one’s user_timeout', async () => {
    const exten = await groupAt({ name: 'hunting', ring_strategy: 'linear', timeout: 30, user_timeout: 2 }, [2, 0, 1]);
    ringOnly();
    const before = counts();
    const outgoing = callGroup(exten);
    assert.ok(await waitUntil(() => newCall(2, before[2] ?? 0) !== undefined), 'the first member by priority rings');
    const firstAtMs = Date.now();
    assert.deepEqual([newCall(0, before[0] ?? 0), newCall(1, before[1] ?? 0)], [undefined, undefined]);
    assert.ok(await waitUntil(() => newCall(0, before[0] ?? 0) !== undefined), 'the second member rings');
    assert.ok(Date.now() - firstAtMs >= 1_500, `the second rang ${Date.now() - firstAtMs} ms after the first`);
    assert.ok(has(newCall(2, before[2] ?? 0)?.events ?? [], 'cancelled'), 'the first stopped ringing');
    assert.equal(newCall(1, before[1] ?? 0), undefined);
    newCall(0, before[0] ?? 0)?.session.accept({ sdp: phoneSdp(40_000) });
    assert.ok(await waitUntil(() => has(outgoing.events, 'answered')), 'the caller is connected');
    await hangUp(outgoing);
    assert.equal(newCall(1, before[1] ?? 0), undefined, 'the third never rang');
  });
});

describe('a group nobody answers', () => {
  it('MUST send the call to the group’s no-answer fallback', async () => {
    const exten = await groupAt({ name: 'fallback', ring_strategy: 'all', timeout: 2, user_timeout: 5 }, [0, 1], { type: 'user', user_id: member(2).user['id'] });
    ringOnly([2]);
    const before = counts();
    const outgoing = callGroup(exten);
    assert.ok(await waitUntil(() => has(outgoing.events, 'answered')), 'the fallback user answered');
    assert.ok(newCall(0, before[0] ?? 0) !== undefined && newCall(1, before[1] ?? 0) !== undefined, 'the members rang first');
    assert.ok(newCall(2, before[2] ?? 0) !== undefined, 'the fallback user rang');
    await hangUp(outgoing);
  });

  it('MUST end the call with 480 when the group has no fallback', async () => {
    const exten = await groupAt({ name: 'nobody', ring_strategy: 'linear', timeout: 2, user_timeout: 1 }, [0, 1]);
    ringOnly();
    const outgoing = callGroup(exten);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'failed' && event.status === 480)), JSON.stringify(outgoing.events));
  });
});

describe('a DID that leads to a group', () => {
  it('MUST ring the group for a call from a provider trunk, and connect the member who answers', async () => {
    const providerPort = await freeSipPort();
    await created('/contexts', { name: 'from-extern', type: 'incall' });
    const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${providerPort}` });
    const trunk = await created('/trunks', { context: 'from-extern' });
    await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
    const group = await created('/groups', { name: 'reception', label: 'Reception', ring_strategy: 'all', timeout: 20 });
    await put(`/groups/${String(group['id'])}/members/users`, { users: [0, 1, 2].map((index) => ({ uuid: member(index).user['uuid'] })) });
    const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
    const incall = await created('/incalls', { destination: { type: 'group', group_id: group['id'] } });
    await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
    lastWriteAtMs = Date.now();
    await routingCaughtUp();
    assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
    ringOnly([1]);
    const before = counts();
    const run = await runSipp({ scenario: 'uac-provider-call-expect-answer.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: ['1000;0123456789'], timeoutS: 20 });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.ok(newCall(1, before[1] ?? 0) !== undefined, 'a member rang');
  });
});
