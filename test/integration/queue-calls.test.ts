/**
 * Calls through a queue on a real node (seed CC-01..CC-10): two agents log in (one through agentd,
 * one with the `*31<number>` feature code from their phone), SIPp callers come in from a provider
 * trunk to a DID whose destination is the queue, the queue distributes them to the agents' stack
 * phones, which answer, and the calls end with the callers' BYE. The agents never have two ACD calls
 * at once, and queue_log holds the rows Asterisk would write, in order, per call. A queue whose
 * agents are all logged off refuses a caller (joinempty) to its fail destination, and a queue
 * nobody answers sends its caller to its no-answer destination when its time is over.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freeSipPort } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { phoneSdp, startStackPhone, type IncomingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { confdWriter, type ConfdItem } from '../support/confd-writer.ts';
import { connectWebsocketd, websocketdUrl } from '../support/websocketd-client.ts';

const AGENTD = '/api/agentd/1.0';
let testNode: TestNode;
let rest: RestClient;
let token: string;
const { created, put, peerTrunk, incallAt } = confdWriter(() => rest, () => token);
const agents: { readonly phone: StackPhone; readonly user: ConfdItem; readonly agent: ConfdItem; readonly username: string; readonly password: string; readonly exten: string }[] = [];
let queue: ConfdItem;
let providerPort: number;
/** Per agent phone: the calls it is on now, and the most it was on at once. */
const onCall = [0, 0];
const mostAtOnce = [0, 0];

interface QueueLogRow { readonly callid: string; readonly queuename: string; readonly agent: string; readonly event: string; readonly data1: string; readonly data2: string; readonly data3: string }

async function queueLog(): Promise<QueueLogRow[]> {
  const result = await testNode.node.store.database.query<QueueLogRow>('SELECT callid, queuename, agent, event, data1, data2, data3 FROM queue_log ORDER BY id');
  return result.rows;
}

/** Each agent phone answers after ringing a little, and counts the calls it is on. */
function answerAfter(ms: number): void {
  agents.forEach(({ phone }, index) => phone.onIncoming((incoming: IncomingCall) => {
    incoming.session.provisional(180);
    let counted = false;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      onCall[index] = (onCall[index] ?? 1) - 1;
    };
    incoming.listen((event) => {
      if (event.type === 'terminated' || event.type === 'bye.received' || event.type === 'cancelled') done();
    });
    setTimeout(() => {
      if (incoming.events.some((event) => event.type === 'cancelled' || event.type === 'terminated')) return;
      counted = true;
      onCall[index] = (onCall[index] ?? 0) + 1;
      mostAtOnce[index] = Math.max(mostAtOnce[index] ?? 0, onCall[index] ?? 0);
      incoming.session.accept({ sdp: phoneSdp(42_000 + index * 2) });
    }, ms);
  }));
}

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  for (const index of [1, 2]) {
    const username = `agentphone${index}`;
    const password = `agent-phone-secret-${index}`;
    const exten = `120${index}`;
    const user = await created('/users', { firstname: `Agent${index}` });
    const line = await created('/lines', { context: 'default' });
    const endpoint = await created('/endpoints/sip', { auth_section_options: [['username', username], ['password', password]] });
    const extension = await created('/extensions', { exten, context: 'default' });
    await put(`/lines/${String(line['id'])}/endpoints/sip/${String(endpoint['uuid'])}`);
    await put(`/lines/${String(line['id'])}/extensions/${String(extension['id'])}`);
    await put(`/users/${String(user['uuid'])}/lines/${String(line['id'])}`);
    const phone = await startStackPhone(username);
    assert.equal(await phone.register(testNode.node, testNode.sipPort, username, password), 200);
    const agent = await created('/agents', { number: `800${index}`, firstname: `Agent${index}` });
    agents.push({ phone, user, agent, username, password, exten });
  }
  queue = await created('/queues', { name: 'support', label: 'Support', options: [['strategy', 'leastrecent'], ['timeout', '10'], ['retry', '1']] });
  for (const [priority, { agent }] of agents.entries()) await put(`/queues/${String(queue['id'])}/members/agents/${String(agent['id'])}`, { priority });
  providerPort = await freeSipPort();
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  await peerTrunk(`127.0.0.1:${providerPort}`);
  await incallAt('3100', { type: 'queue', queue_id: queue['id'] });
  assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
});

after(async () => {
  for (const { phone } of agents) await phone.close();
  await testNode.close();
});

const agentAt = (index: number) => {
  const found = agents[index];
  assert.ok(found !== undefined);
  return found;
};

describe('agents logging in', () => {
  it('MUST log an agent in through agentd at the extension of a phone, and another with *31<number> dialed from their phone, and tell websocketd clients', async () => {
    const events = connectWebsocketd(websocketdUrl(testNode.httpPort, token));
    await events.start(['agent_status_update']);
    const first = agentAt(0);
    const login = await rest.request(`${AGENTD}/agents/by-number/8001/login`, { method: 'POST', token, body: { extension: first.exten, context: 'default' } });
    assert.equal(login.status, 204, JSON.stringify(login.body));
    const second = agentAt(1);
    const dialed = second.phone.call(testNode.sipPort, '*318002', second.username, second.password);
    assert.ok(await waitUntil(() => dialed.events.some((event) => event.type === 'answered' || event.type === 'failed')), 'the feature code answered');
    assert.ok(dialed.events.some((event) => event.type === 'answered'), JSON.stringify(dialed.events));
    assert.ok(await waitUntil(async () => {
      const answer = await rest.request(`${AGENTD}/agents`, { token });
      const items = answer.body as { readonly number: string; readonly logged: boolean; readonly extension: string | null }[];
      return items.filter((item) => item.logged).length === 2;
    }), 'both agents are logged in');
    dialed.session()?.sendBye();
    type Frame = { readonly op?: string; readonly data?: { readonly name?: string; readonly data?: { readonly agent_id?: number; readonly status?: string } } };
    const statuses = () => events.texts.map((text) => JSON.parse(text) as Frame)
      .filter((frame) => frame.op === 'event' && frame.data?.name === 'agent_status_update').map((frame) => [frame.data?.data?.agent_id, frame.data?.data?.status]);
    assert.ok(await waitUntil(() => statuses().length === 2), `websocketd gave ${JSON.stringify(events.texts)}`);
    assert.deepEqual(statuses().sort(), [[agentAt(0).agent['id'], 'logged_in'], [agentAt(1).agent['id'], 'logged_in']]);
    events.close();
    // queue_log is written a batch at a time, after the events: wait for both rows.
    const logins = async () => (await queueLog()).filter((row) => row.event === 'AGENTCALLBACKLOGIN');
    assert.ok(await waitUntil(async () => (await logins()).length >= 2), JSON.stringify(await queueLog()));
    const rows = await queueLog();
    assert.deepEqual(rows.filter((row) => row.event === 'AGENTCALLBACKLOGIN').map((row) => [row.agent, row.data1]).sort(), [['Agent/8001', '1201@default'], ['Agent/8002', '1202@default']]);
  });
});

describe('callers into the queue', () => {
  it('MUST distribute four SIPp callers to the two agents, never two ACD calls at once to one agent, with ENTERQUEUE, CONNECT and COMPLETECALLER per call', async () => {
    answerAfter(300);
    const startedAt = Date.now();
    // A caller is answered when the queue takes it and hangs up 1 s later: callers half a second apart leave the
    // third and fourth 700 ms to reach the agent the first and second free (300 ms of ringing).
    const run = await runSipp({
      scenario: 'uac-provider-call-expect-answer.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort,
      injection: ['3100;0111111111', '3100;0122222222', '3100;0133333333', '3100;0144444444'], calls: 4, ratePerSecond: 2, timeoutS: 40,
    });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.equal(run.successfulCalls, 4);
    assert.ok(await waitUntil(async () => (await queueLog()).filter((row) => row.event === 'COMPLETECALLER').length === 4), JSON.stringify(await queueLog()));
    assert.deepEqual(mostAtOnce, [1, 1], 'each agent took calls, one at a time');
    const rows = (await queueLog()).filter((row) => row.queuename === 'support');
    const calls = new Map<string, string[]>();
    for (const row of rows) calls.set(row.callid, [...(calls.get(row.callid) ?? []), row.event]);
    assert.equal(calls.size, 4);
    for (const [callId, events] of calls) {
      assert.deepEqual(events.filter((event) => event !== 'RINGNOANSWER'), ['ENTERQUEUE', 'CONNECT', 'COMPLETECALLER'], `call ${callId}`);
    }
    for (const row of rows.filter((candidate) => candidate.event === 'CONNECT')) assert.match(row.agent, /^Agent\/800[12]$/);
    const stats = await testNode.node.store.database.query<{ readonly status: string }>("SELECT status FROM stat_call_on_queue");
    assert.deepEqual(stats.rows.map((row) => row.status), ['answered', 'answered', 'answered', 'answered']);
    const live = await rest.request(`${AGENTD}/queues/${String(queue['id'])}/statistics`, { token });
    assert.equal(live.status, 200, JSON.stringify(live.body));
    const model = live.body as { readonly waiting_calls: number; readonly members: { readonly logged_in: number }; readonly answered: number; readonly service_level_percent: number | null };
    assert.deepEqual([model.waiting_calls, model.members.logged_in], [0, 2]);
    // The live counters are the current hour's: a run that crossed an hour counts fewer.
    if (new Date(startedAt).getUTCHours() === new Date().getUTCHours()) assert.deepEqual([model.answered, model.service_level_percent], [4, 100]);
  });
});

describe('an agent logging off', () => {
  it('MUST write AGENTCALLBACKLOGOFF for each agent logged off through agentd', async () => {
    for (const number of ['8001', '8002']) {
      const answer = await rest.request(`${AGENTD}/agents/by-number/${number}/logoff`, { method: 'POST', token });
      assert.equal(answer.status, 204, JSON.stringify(answer.body));
    }
    assert.ok(await waitUntil(async () => (await queueLog()).filter((row) => row.event === 'AGENTCALLBACKLOGOFF').length === 2));
    const logoffs = (await queueLog()).filter((row) => row.event === 'AGENTCALLBACKLOGOFF');
    assert.deepEqual(logoffs.map((row) => [row.agent, row.data1]).sort(), [['Agent/8001', '1201@default'], ['Agent/8002', '1202@default']]);
  });
});

/** A queue reached at `exten` in `default`, with agent `agentIndexes` as members. */
async function queueAt(exten: string, body: Record<string, unknown>, agentIndexes: readonly number[], fallbacks: Record<string, unknown>): Promise<ConfdItem> {
  const made = await created('/queues', body);
  for (const index of agentIndexes) await put(`/queues/${String(made['id'])}/members/agents/${String(agentAt(index).agent['id'])}`, { priority: index });
  const extension = await created('/extensions', { exten, context: 'default' });
  await put(`/queues/${String(made['id'])}/extensions/${String(extension['id'])}`);
  await put(`/queues/${String(made['id'])}/fallbacks`, fallbacks);
  return made;
}

/** The events of one call in a queue's rows of queue_log. */
async function callRows(queueName: string): Promise<Map<string, string[]>> {
  const calls = new Map<string, string[]>();
  for (const row of (await queueLog()).filter((candidate) => candidate.queuename === queueName)) calls.set(row.callid, [...(calls.get(row.callid) ?? []), row.event]);
  return calls;
}

describe('queues that do not connect their caller', () => {
  it('MUST send a caller to the fail destination when every agent is logged off (joinempty), with a JOINEMPTY row', async () => {
    await queueAt('3001', { name: 'empty', label: 'Empty', options: [['joinempty', 'strict']] }, [0, 1], { fail_destination: { type: 'user', user_id: agentAt(1).user['id'] } });
    const answering = agentAt(1).phone;
    const before = answering.incoming.length;
    answering.onIncoming((incoming) => incoming.session.accept({ sdp: phoneSdp(42_010) }));
    const caller = agentAt(0);
    const outgoing = caller.phone.call(testNode.sipPort, '3001', caller.username, caller.password);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered' || event.type === 'failed')), 'the call was answered or failed');
    assert.ok(outgoing.events.some((event) => event.type === 'answered'), JSON.stringify(outgoing.events));
    assert.equal(answering.incoming.length, before + 1, 'the fail destination rang');
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(async () => (await callRows('empty')).size > 0), 'the JOINEMPTY row is written');
    assert.deepEqual([...(await callRows('empty')).values()], [['JOINEMPTY']]);
  });

  it('MUST ring a logged-in agent who does not answer until the queue time is over, then send the caller to the no-answer destination, with RINGNOANSWER and EXITWITHTIMEOUT rows', async () => {
    const login = await rest.request(`${AGENTD}/agents/by-number/8001/login`, { method: 'POST', token, body: { extension: agentAt(0).exten, context: 'default' } });
    assert.equal(login.status, 204, JSON.stringify(login.body));
    await queueAt('3002', { name: 'slow', label: 'Slow', timeout: 4, options: [['timeout', '1'], ['retry', '1'], ['timeoutpriority', 'app']] }, [0], { noanswer_destination: { type: 'user', user_id: agentAt(1).user['id'] } });
    const ringing = agentAt(0).phone;
    const ringingBefore = ringing.incoming.length;
    ringing.onIncoming((incoming) => incoming.session.provisional(180));
    const answering = agentAt(1).phone;
    const answeringBefore = answering.incoming.length;
    answering.onIncoming((incoming) => incoming.session.accept({ sdp: phoneSdp(42_012) }));
    const startedAt = Date.now();
    const outgoing = agentAt(1).phone.call(testNode.sipPort, '3002', agentAt(1).username, agentAt(1).password);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered'), { timeoutMs: 5_000 }), `the queue answered its caller: ${JSON.stringify(outgoing.events)}`);
    assert.ok(await waitUntil(() => answering.incoming.length > answeringBefore, { timeoutMs: 15_000 }), 'the no-answer destination rang');
    assert.ok(Date.now() - startedAt >= 3_500, `the caller left the queue after its 4 s (${Date.now() - startedAt} ms)`);
    assert.ok(ringing.incoming.length >= ringingBefore + 2, `the agent rang on each attempt (${ringing.incoming.length - ringingBefore} times)`);
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(async () => [...(await callRows('slow')).values()][0]?.includes('EXITWITHTIMEOUT') === true), JSON.stringify([...(await callRows('slow')).values()]));
    const [events] = [...(await callRows('slow')).values()];
    assert.equal(events?.[0], 'ENTERQUEUE');
    assert.equal(events?.at(-1), 'EXITWITHTIMEOUT');
    assert.ok((events ?? []).slice(1, -1).every((event) => event === 'RINGNOANSWER') && (events?.length ?? 0) >= 4, JSON.stringify(events));
  });
});
