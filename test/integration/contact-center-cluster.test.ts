/**
 * The contact center as a cluster singleton (the issue: "a QueueActor per queue, a cluster
 * singleton: it may run on any node; agents and calls may be on others"): two nodes on one
 * database and one Redis. The first node owns the contact center and runs the queue and agent
 * actors; the second runs none. An agent logs in through the second node's agentd, a SIPp caller
 * reaches a DID on the second node, the queue on the first node rings the agent's phone (registered
 * with the second node, found through the shared registrar), the phone answers, and queue_log holds
 * ENTERQUEUE, CONNECT and COMPLETECALLER for the call. When the first node stops, the second takes
 * the contact center over from its replicas: the agent still logged in and paused, the callers
 * waiting on the second node still waiting in their order, and reaching the agent once it
 * unpauses.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, type queue as queueActor } from '../../actors/index.ts';
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
const EXTEN = '1301';
let queueId = 0;

async function queueLog(): Promise<QueueLogRow[]> {
  return (await first.node.store.database.query<QueueLogRow>('SELECT callid, queuename, agent, event FROM queue_log ORDER BY id')).rows;
}

before(async () => {
  ({ first, second, rest, token, secondRest, secondToken, phone, providerPort, otherProviderPort, queueId } = await startContactCenterPair({ username: 'clusteragent', exten: EXTEN, agentNumber: '8101', queueName: 'cluster_support', queueLabel: 'Cluster support', did: '3200' }));
});

after(async () => {
  await phone?.close();
  await second?.close();
  await first?.close();
});

describe('the contact center on one node of a cluster', () => {
  it('MUST run the queue and agent actors on the first node only', async () => {
    assert.ok(await waitUntil(() => first.node.system.actorCount('queue') === 1), 'the first node runs the queue');
    assert.equal(first.node.system.actorCount('agent'), 1);
    assert.equal(second.node.system.actorCount('queue'), 0);
    assert.equal(second.node.system.actorCount('agent'), 0);
  });

  it('MUST log an agent in through the second node\'s agentd, the first node\'s agent knowing it', async () => {
    const login = await secondRest.request(`${AGENTD}/agents/by-number/8101/login`, { method: 'POST', token: secondToken, body: { extension: EXTEN, context: 'default' } });
    assert.equal(login.status, 204, JSON.stringify(login.body));
    const onFirst = await rest.request(`${AGENTD}/agents/by-number/8101`, { token });
    assert.equal((onFirst.body as { logged: boolean }).logged, true, JSON.stringify(onFirst.body));
    const again = await secondRest.request(`${AGENTD}/agents/by-number/8101/login`, { method: 'POST', token: secondToken, body: { extension: EXTEN, context: 'default' } });
    assert.equal(again.status, 409, 'the owner answers the second node\'s refusals too');
  });

  it('MUST ring the agent\'s phone for a caller on the second node, through the queue on the first, with ENTERQUEUE, CONNECT and COMPLETECALLER', async () => {
    phone.onIncoming((incoming) => {
      incoming.session.provisional(180);
      incoming.session.accept({ sdp: phoneSdp(43_000) });
    });
    const run = await runSipp({ scenario: 'uac-provider-call-expect-answer.xml', target: `127.0.0.1:${second.sipPort}`, localPort: providerPort, injection: ['3200;0155555555'], calls: 1, timeoutS: 30 });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.equal(phone.incoming.length, 1, 'the agent\'s phone rang once');
    assert.ok(await waitUntil(async () => (await queueLog()).some((row) => row.event === 'COMPLETECALLER')), JSON.stringify(await queueLog()));
    const rows = (await queueLog()).filter((row) => row.queuename === 'cluster_support');
    const callIds = new Set(rows.map((row) => row.callid));
    assert.equal(callIds.size, 1);
    assert.deepEqual(rows.map((row) => row.event).filter((event) => event !== 'RINGNOANSWER'), ['ENTERQUEUE', 'CONNECT', 'COMPLETECALLER']);
    assert.equal(rows.find((row) => row.event === 'CONNECT')?.agent, 'Agent/8101');
  });

  it('MUST give the agent one ACD call at a time when callers arrive on both nodes at once', async () => {
    let onCall = 0;
    let mostAtOnce = 0;
    // The agent answers each call a little after it rings and hangs up a little after the answer:
    // a second offer meanwhile would overlap it.
    phone.onIncoming((incoming) => {
      incoming.session.provisional(180);
      let counted = false;
      incoming.listen((event) => {
        if (event.type === 'ack.received') setTimeout(() => incoming.session.sendBye(), 300);
        if (counted && (event.type === 'terminated' || event.type === 'bye.received' || event.type === 'cancelled')) {
          counted = false;
          onCall -= 1;
        }
      });
      setTimeout(() => {
        if (incoming.events.some((event) => event.type === 'cancelled' || event.type === 'terminated')) return;
        counted = true;
        onCall += 1;
        mostAtOnce = Math.max(mostAtOnce, onCall);
        incoming.session.accept({ sdp: phoneSdp(43_002) });
      }, 300);
    });
    const connected = async () => (await queueLog()).filter((row) => row.event === 'COMPLETEAGENT').length;
    const runs = await Promise.all([
      runSipp({ scenario: 'uac-provider-call-expect-bye.xml', target: `127.0.0.1:${first.sipPort}`, localPort: providerPort, injection: ['3200;<sip:0166666666@127.0.0.1>;X-Test: first'], calls: 1, timeoutS: 40 }),
      runSipp({ scenario: 'uac-provider-call-expect-bye.xml', target: `127.0.0.1:${second.sipPort}`, localPort: otherProviderPort, injection: ['3200;<sip:0177777777@127.0.0.1>;X-Test: second'], calls: 1, timeoutS: 40 }),
    ]);
    for (const run of runs) assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.ok(await waitUntil(async () => (await connected()) === 2), JSON.stringify(await queueLog()));
    assert.equal(mostAtOnce, 1, 'never two ACD calls at once');
    const rows = (await queueLog()).filter((row) => row.event === 'CONNECT');
    assert.equal(rows.length, 3, 'the caller of each node was connected to the agent');
  });

  it('MUST hand the contact center to the second node when the first stops: the agent still logged in and paused, the waiting callers in their order, reaching the agent afterwards', async () => {
    const paused = await secondRest.request(`${AGENTD}/agents/by-number/8101/pause`, { method: 'POST', token: secondToken, body: { reason: 'meeting' } });
    assert.equal(paused.status, 204, JSON.stringify(paused.body));
    // The agent answers and hangs up a little later: the caller hears the BYE.
    phone.onIncoming((incoming) => {
      incoming.session.provisional(180);
      incoming.listen((event) => {
        if (event.type === 'ack.received') setTimeout(() => incoming.session.sendBye(), 300);
      });
      incoming.session.accept({ sdp: phoneSdp(43_004) });
    });
    const waitingOn = (node: TestNode): string[] => ((node.node.system.lookup(actorAddress('queue', String(queueId)))?.toSnapshot().data as queueActor.QueueSnapshot | undefined)?.waiting ?? []).map((waiting) => waiting.callId);
    // Two callers on the second node wait in the queue the first node runs.
    const callers = runSipp({ scenario: 'uac-provider-call-expect-bye.xml', target: `127.0.0.1:${second.sipPort}`, localPort: otherProviderPort, injection: ['3200;<sip:0188888881@127.0.0.1>;X-Test: first', '3200;<sip:0188888882@127.0.0.1>;X-Test: second'], calls: 2, ratePerSecond: 2, timeoutS: 60 });
    assert.ok(await waitUntil(() => waitingOn(first).length === 2, { timeoutMs: 10_000 }), 'two callers wait on the first node');
    const waiting = waitingOn(first);

    await first.node.shutdown();
    assert.ok(await waitUntil(() => second.node.system.actorCount('queue') === 1, { timeoutMs: 10_000 }), 'the second node runs the queue');
    assert.deepEqual(waitingOn(second), waiting, 'the callers wait in the same order');
    const status = await secondRest.request(`${AGENTD}/agents/by-number/8101`, { token: secondToken });
    const shown = status.body as { logged: boolean; paused: boolean; extension: string };
    assert.deepEqual([status.status, shown.logged, shown.paused, shown.extension], [200, true, true, EXTEN], JSON.stringify(status.body));

    const unpaused = await secondRest.request(`${AGENTD}/agents/by-number/8101/unpause`, { method: 'POST', token: secondToken });
    assert.equal(unpaused.status, 204, JSON.stringify(unpaused.body));
    const run = await callers;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const database = second.node.store.database;
    const rows = (await database.query<QueueLogRow>('SELECT callid, queuename, agent, event FROM queue_log WHERE callid = ANY($1) ORDER BY id', [waiting])).rows;
    assert.deepEqual(rows.filter((row) => row.event === 'CONNECT').map((row) => row.callid), waiting, 'each caller reached the agent, in order');
    assert.deepEqual(waiting.map((callId) => rows.filter((row) => row.callid === callId && row.event === 'ENTERQUEUE').length), [1, 1], 'one ENTERQUEUE per caller');
  });
});
