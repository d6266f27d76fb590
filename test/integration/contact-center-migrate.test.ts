/**
 * The planned, live move of the contact center between two nodes of one cluster (one database,
 * one Redis, no HA role): an agent logged in and paused, a caller waiting in the queue run by the
 * first node, two callers waiting in the queue run by the first node (one whose call runs on the
 * second node, one on the first); `queues.migrate` asked of the second node's control API moves
 * the contact center there. The agent is still logged in and paused, the callers still wait in
 * their order, and once the agent unpauses they reach it in turn; queue_log holds one ENTERQUEUE
 * and one CONNECT for each call.
 * The move is refused, by the server, for a node that is not live (`not_found`), for the node
 * that runs it already (`conflict`) and for a token without the ACL (`forbidden`); and the
 * contact center moves back to the first node when asked of the node running it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, type queue as queueActor } from '../../actors/index.ts';
import { openControlClient, type ControlClient, type ReceivedFrame } from '../support/control-client.ts';
import { startContactCenterPair, type QueueLogRow } from '../support/contact-center-pair.ts';
import type { RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { phoneSdp, type StackPhone } from '../support/stack-phone.ts';
import type { TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

const AGENTD = '/api/agentd/1.0';
let first: TestNode;
let second: TestNode;
let rest: RestClient;
let token: string;
let secondRest: RestClient;
let secondToken: string;
let phone: StackPhone;
let providerPort: number;
let otherProviderPort: number;
let queueId = 0;
let control: ControlClient;
const EXTEN = '1302';

const nameOf = (node: TestNode): string => `test-${node.sipPort}`;
const waitingOn = (node: TestNode): string[] => ((node.node.system.lookup(actorAddress('queue', String(queueId)))?.toSnapshot().data as queueActor.QueueSnapshot | undefined)?.waiting ?? []).map((waiting) => waiting.callId);
const errorCode = (reply: ReceivedFrame): string | undefined => (reply['error'] as { code?: string } | undefined)?.code;

before(async () => {
  ({ first, second, rest, token, secondRest, secondToken, phone, providerPort, otherProviderPort, queueId } = await startContactCenterPair({ username: 'moveagent', exten: EXTEN, agentNumber: '8201', queueName: 'move_support', queueLabel: 'Move support', did: '3210' }));
  control = await openControlClient(`ws://127.0.0.1:${second.httpPort}/api/control?token=${secondToken}`);
  await control.waitFor((frame) => frame.type === 'welcome');
});

after(async () => {
  control?.close();
  await phone?.close();
  await second?.close();
  await first?.close();
});

describe('the planned move of the contact center to another node', () => {
  it('MUST show the first node running the contact center, both nodes live', async () => {
    assert.ok(await waitUntil(() => first.node.system.actorCount('queue') === 1), 'the first node runs the queue');
    const reply = await control.command('status', 'contact_center.status');
    const result = reply['result'] as { mode: string; node: string; owner_node: string; nodes: { name: string; owner: boolean }[] };
    assert.deepEqual([result.mode, result.node, result.owner_node], ['cluster', nameOf(second), nameOf(first)], JSON.stringify(reply));
    assert.deepEqual(result.nodes, [{ name: nameOf(first), owner: true }, { name: nameOf(second), owner: false }].sort((left, right) => left.name.localeCompare(right.name)));
  });

  it('MUST refuse a node that is not live (not_found), the node running it already (conflict), a token without the ACL (forbidden)', async () => {
    assert.equal(errorCode(await control.command('nowhere', 'queues.migrate', { queue_id: queueId, node: 'no-such-node' })), 'not_found');
    const already = await control.command('already', 'queues.migrate', { queue_id: queueId, node: nameOf(first) });
    assert.equal(errorCode(already), 'conflict', JSON.stringify(already));
    assert.equal(errorCode(await control.command('no-queue', 'queues.migrate', { queue_id: queueId + 1000, node: nameOf(second) })), 'not_found');
    const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token, body: { name: 'queue-watcher-policy', acl: ['websocketd', 'agentd.queues.statistics.read'] } });
    const user = await rest.request('/api/auth/0.1/users', { method: 'POST', token, body: { username: 'queue-watcher', password: 'queue-watcher-pw' } });
    await rest.request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token });
    const watcher = await openControlClient(`ws://127.0.0.1:${second.httpPort}/api/control?token=${await secondRest.login('queue-watcher', 'queue-watcher-pw')}`);
    await watcher.waitFor((frame) => frame.type === 'welcome');
    const refused = await watcher.command('move', 'queues.migrate', { queue_id: queueId, node: nameOf(second) });
    watcher.close();
    assert.equal(errorCode(refused), 'forbidden');
    assert.equal(first.node.system.actorCount('queue'), 1, 'nothing moved');
  });

  it('MUST move the queues and agents live: the agent still logged in and paused, the waiting callers served in order once the agent unpauses', async () => {
    const login = await secondRest.request(`${AGENTD}/agents/by-number/8201/login`, { method: 'POST', token: secondToken, body: { extension: EXTEN, context: 'default' } });
    assert.equal(login.status, 204, JSON.stringify(login.body));
    const paused = await secondRest.request(`${AGENTD}/agents/by-number/8201/pause`, { method: 'POST', token: secondToken, body: { reason: 'meeting' } });
    assert.equal(paused.status, 204, JSON.stringify(paused.body));
    phone.onIncoming((incoming) => {
      incoming.session.provisional(180);
      incoming.listen((event) => {
        if (event.type === 'ack.received') setTimeout(() => incoming.session.sendBye(), 300);
      });
      incoming.session.accept({ sdp: phoneSdp(43_010) });
    });
    // The first caller's call runs on the second node, the next one's on the first (the owner being left).
    const onSecond = runSipp({ scenario: 'uac-provider-call-expect-bye.xml', target: `127.0.0.1:${second.sipPort}`, localPort: providerPort, injection: ['3210;<sip:0199999991@127.0.0.1>;X-Test: on-second'], calls: 1, timeoutS: 60 });
    assert.ok(await waitUntil(() => waitingOn(first).length === 1, { timeoutMs: 10_000 }), 'the first caller waits in the queue of the first node');
    const onFirst = runSipp({ scenario: 'uac-provider-call-expect-bye.xml', target: `127.0.0.1:${first.sipPort}`, localPort: otherProviderPort, injection: ['3210;<sip:0199999992@127.0.0.1>;X-Test: on-first'], calls: 1, timeoutS: 60 });
    assert.ok(await waitUntil(() => waitingOn(first).length === 2, { timeoutMs: 10_000 }), 'both callers wait in the queue of the first node');
    const waiting = waitingOn(first);
    const database = second.node.store.database;
    const logRows = async () => (await database.query<QueueLogRow & { id: number }>('SELECT id, callid, queuename, agent, event FROM queue_log ORDER BY id')).rows;
    assert.ok(await waitUntil(async () => (await logRows()).filter((row) => row.event === 'ENTERQUEUE').length === 2), 'both entries are logged');
    const loggedBefore = await logRows();

    const reply = await control.command('move', 'queues.migrate', { queue_id: queueId, node: nameOf(second) });
    const moved = reply['result'] as { from: string; to: string; queues: number; agents: number; waiting_calls: number; duration_ms: number } | undefined;
    assert.ok(moved !== undefined, JSON.stringify(reply));
    assert.deepEqual([moved.from, moved.to, moved.queues, moved.agents, moved.waiting_calls], [nameOf(first), nameOf(second), 1, 1, 2]);
    assert.ok(moved.duration_ms >= 0 && moved.duration_ms < 10_000, `moved in ${moved.duration_ms} ms`);
    process.stdout.write(`# contact center moved in ${moved.duration_ms} ms\n`);
    assert.equal(second.node.system.actorCount('queue'), 1, 'the second node runs the queue');
    assert.ok(await waitUntil(() => first.node.system.actorCount('queue') === 0), 'the first node no longer does');
    assert.deepEqual(waitingOn(second), waiting, 'the callers still wait, in their order');
    const status = await rest.request(`${AGENTD}/agents/by-number/8201`, { token });
    const shown = status.body as { logged: boolean; paused: boolean; extension: string };
    assert.deepEqual([status.status, shown.logged, shown.paused, shown.extension], [200, true, true, EXTEN], JSON.stringify(status.body));
    const after = (await control.command('status-after', 'contact_center.status'))['result'] as { owner_node: string };
    assert.equal(after.owner_node, nameOf(second));
    assert.deepEqual(await logRows(), loggedBefore, 'the move itself writes nothing to queue_log (no logoff, login or pause again)');

    const unpaused = await rest.request(`${AGENTD}/agents/by-number/8201/unpause`, { method: 'POST', token });
    assert.equal(unpaused.status, 204, JSON.stringify(unpaused.body));
    for (const run of await Promise.all([onSecond, onFirst])) assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const rowsOf = async () => (await database.query<QueueLogRow>('SELECT callid, queuename, agent, event FROM queue_log WHERE callid = ANY($1) ORDER BY id', [waiting])).rows;
    const completed = (rows: readonly QueueLogRow[]) => rows.filter((row) => row.event === 'COMPLETEAGENT' || row.event === 'COMPLETECALLER').length;
    assert.ok(await waitUntil(async () => completed(await rowsOf()) === 2), JSON.stringify(await rowsOf()));
    const rows = await rowsOf();
    assert.deepEqual(waiting.map((callId) => rows.filter((row) => row.callid === callId && row.event === 'ENTERQUEUE').length), [1, 1], JSON.stringify(rows));
    const connects = rows.filter((row) => row.event === 'CONNECT');
    assert.deepEqual(connects.map((row) => row.callid), waiting, 'each caller reached the agent once, in order');
    assert.deepEqual(connects.map((row) => row.agent), ['Agent/8201', 'Agent/8201']);
  });

  it('MUST move the contact center back when asked of the node running it', async () => {
    const reply = await control.command('back', 'queues.migrate', { queue_id: queueId, node: nameOf(first) });
    const moved = reply['result'] as { from: string; to: string; agents: number } | undefined;
    assert.deepEqual([moved?.from, moved?.to, moved?.agents], [nameOf(second), nameOf(first), 1], JSON.stringify(reply));
    assert.equal(first.node.system.actorCount('queue'), 1);
    assert.ok(await waitUntil(() => second.node.system.actorCount('queue') === 0));
    const status = await secondRest.request(`${AGENTD}/agents/by-number/8201`, { token: secondToken });
    assert.equal((status.body as { logged: boolean }).logged, true, JSON.stringify(status.body));
  });
});
