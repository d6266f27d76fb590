/**
 * The node's contact center over a real PostgreSQL test database and a real actor system: agents
 * log in through agentd, calls (probe actors at the calls' addresses) enter queues, are offered and
 * rung to one agent at a time, answered and ended; queue_log and the statistics follow, agents'
 * changes reach the bus.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { actorAddress, createActorSystem, createSystemClock, handled, silentLogger, type ActorSystem, type call } from '../../actors/index.ts';
import {
  associateLineExtension, associateUserLine, createAgent, createContext, createExtension, createMigratedTestDatabase, createQueue, createSipLine, createSkill, createSkillRule, createUser, deleteQueue, putAgentSkill,
  expectWritten, findRootTenant, putQueueMember, readQueueStatistics, type TestDatabase,
} from '../../store/index.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { BusEvent } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createContactCenter, type ContactCenter } from './contact-center.ts';

const quietLogger: NodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;

interface Fixture {
  readonly tenantUuid: string;
  readonly agents: { readonly first: number; readonly second: number };
  readonly queues: { readonly linear: number; readonly shared: number; readonly strict: number; readonly hotline: number; readonly claims: number };
  /** The user of `deskphone3`, a static member of the hotline. */
  readonly hotlineUser: number;
  /** `english > 50`: only the second agent speaks English that well. */
  readonly englishRule: number;
}

let db: TestDatabase;
let fixture: Fixture;
let system: ActorSystem;
let center: ContactCenter;
let events: BusEvent[];
let sequence = 0;
/** The calls each user has that no queue gave it. */
const busyUsers = new Map<number, number>();
/** A bus for confd's change events. */
const busHandlers = new Set<(event: BusEvent) => void>();

async function phone(tenantUuid: string, username: string, exten: string): Promise<number> {
  const user = expectWritten(await createUser(db, { firstname: username }));
  const line = expectWritten(await createSipLine(db, { username, secret: 's3cret', context: 'agents' }));
  const extension = expectWritten(await createExtension(db, { exten, context: 'agents', type: 'user', typeval: String(user.id), tenantUuid: tenantUuid as never }));
  expectWritten(await associateUserLine(db, { userId: user.id, lineId: line.id }));
  expectWritten(await associateLineExtension(db, { lineId: line.id, extensionId: extension.id }));
  return Number(user.id);
}

before(async () => {
  db = await createMigratedTestDatabase('postgres');
  const tenantUuid = (await findRootTenant(db)).uuid;
  expectWritten(await createContext(db, { name: 'agents' }));
  await phone(tenantUuid, 'deskphone1', '1001');
  await phone(tenantUuid, 'deskphone2', '1002');
  const hotlineUser = await phone(tenantUuid, 'deskphone3', '1003');
  const first = expectWritten(await createAgent(db, tenantUuid, { number: '3001' })).id;
  const second = expectWritten(await createAgent(db, tenantUuid, { number: '3002' })).id;
  const queueOf = async (name: string, options: [string, string][], members: number[]) => {
    const created = expectWritten(await createQueue(db, tenantUuid, { name, label: name.toUpperCase(), options }));
    for (const [priority, agentId] of members.entries()) expectWritten(await putQueueMember(db, created, { kind: 'agent', id: agentId, penalty: 0, priority }));
    return created.id;
  };
  fixture = {
    tenantUuid,
    agents: { first, second },
    queues: {
      linear: await queueOf('sales', [['strategy', 'linear']], [first, second]),
      shared: await queueOf('support', [['strategy', 'ringall']], [second]),
      strict: await queueOf('backoffice', [['joinempty', 'unavailable']], [first]),
      hotline: await queueOf('hotline', [], []),
      claims: await queueOf('claims', [['wrapuptime', '60']], [second]),
    },
    hotlineUser,
    englishRule: expectWritten(await createSkillRule(db, tenantUuid as never, { name: 'english', rules: [{ definition: 'english > 50' }] })).id,
  };
  const english = expectWritten(await createSkill(db, tenantUuid as never, { name: 'english' }));
  expectWritten(await putAgentSkill(db, second, english.id, tenantUuid, 80));
  expectWritten(await putQueueMember(db, { id: fixture.queues.hotline, tenantUuid }, { kind: 'user', id: hotlineUser, penalty: 0, priority: 0 }));
});
after(() => db.close());

/** A contact center on `system`, reading the fixture's configuration. */
const startCenter = () =>
  createContactCenter({
    system, database: db, nodeUuid: 'node-1', logger: quietLogger, publish: (event) => void events.push(event),
    contacts: async (usernames) => usernames.map((username) => ({ requestUri: `sip:${username}@192.0.2.1`, destination: { transport: 'udp', address: '192.0.2.1', port: 5060 }, toUri: `sip:${username}@pbx` })),
    activeCalls: (userId) => busyUsers.get(userId) ?? 0,
    subscribe: (handler) => (busHandlers.add(handler), () => void busHandlers.delete(handler)),
    recheckMs: 20,
  });

beforeEach(async () => {
  system = await createActorSystem({ nodeName: 'n1', clock: createSystemClock(), logger: silentLogger });
  events = [];
  center = await startCenter();
});
afterEach(async () => {
  busyUsers.clear();
  await center.close();
  await system.shutdown();
});

/** A call: an actor at the call's address that keeps the queue updates it gets. */
async function probeCall(): Promise<{ readonly callId: string; updates(): call.QueueUpdate[] }> {
  const callId = `call-${++sequence}-${Date.now()}`;
  type Probe = { readonly state: 'probe'; readonly updates: readonly call.QueueUpdate[] };
  await system.spawn<Probe, call.CallMessage, never, Record<never, never>>({
    address: actorAddress('call', callId), env: {}, runners: {} as never,
    from: { type: 'initial', epoch: 1, data: { state: 'probe', updates: [] } },
    machine: { transition: (snapshot, message) => handled(message.type === 'call.queue_update' ? { ...snapshot, updates: [...snapshot.updates, message.update] } : snapshot) },
  });
  return { callId, updates: () => (system.lookup(actorAddress('call', callId))?.toSnapshot().data as Probe).updates as call.QueueUpdate[] };
}

const route = (queueId: number, name: string): call.QueueRoute => ({ queueId, tenantUuid: fixture.tenantUuid, name, label: name, musicOnHold: { mohClass: 'default', order: 'sequential' }, fallbacks: {}, diversions: {} });
const enter = (callId: string, queueId: number, name: string) => center.calls.enter(callId, { queue: route(queueId, name), caller: { name: 'Caller', number: '0601020304' } });
const loginBoth = async () => {
  assert.deepEqual(await center.agentd.login({ by: 'number', number: '3001' }, [fixture.tenantUuid], { extension: '1001', context: 'agents' }), { type: 'done' });
  assert.deepEqual(await center.agentd.login({ by: 'number', number: '3002' }, [fixture.tenantUuid], { extension: '1002', context: 'agents' }), { type: 'done' });
};
const rings = (updates: readonly call.QueueUpdate[]) => updates.flatMap((update) => (update.type === 'ring' ? [update] : []));
async function logOf(callId: string): Promise<string[]> {
  await center.logFlushed();
  const { rows } = await db.query<{ event: string }>('SELECT event FROM queue_log WHERE callid = $1 ORDER BY id', [callId]);
  return rows.map((row) => row.event);
}

describe('contact center: calls through queues', () => {
  it('MUST enter a call, ring one agent at its login phone, and log ENTERQUEUE, CONNECT, COMPLETECALLER with the call on queue statistics', async () => {
    await loginBoth();
    const probe = await probeCall();
    enter(probe.callId, fixture.queues.linear, 'sales');
    assert.ok(await waitUntil(() => rings(probe.updates()).length === 1));
    const [ring] = rings(probe.updates());
    assert.deepEqual([probe.updates()[0], ring?.members.map((member) => [member.memberId, member.contacts[0]?.requestUri])], [{ type: 'entered', position: 1 }, [[`agent:${fixture.agents.first}`, 'sip:deskphone1@192.0.2.1']]]);
    center.calls.memberAnswered(probe.callId, fixture.queues.linear, ring?.offerId ?? '', `agent:${fixture.agents.first}`);
    center.calls.callEnded(probe.callId, fixture.queues.linear, `agent:${fixture.agents.first}`, 'caller');
    assert.ok(await waitUntil(async () => (await logOf(probe.callId)).length === 3));
    assert.deepEqual(await logOf(probe.callId), ['ENTERQUEUE', 'CONNECT', 'COMPLETECALLER']);
    const statistics = await readQueueStatistics(db);
    assert.deepEqual(statistics.calls.filter((row) => row.callid === probe.callId).map((row) => [row.queue, row.status, row.agent]), [['sales', 'answered', 'Agent/3001']]);
    assert.ok(await waitUntil(async () => (await center.agentd.agent({ by: 'number', number: '3001' }, [fixture.tenantUuid]))?.activity === 'available'));
  });

  it('MUST ring an agent of two queues for one call only while the other call waits', async () => {
    assert.deepEqual(await center.agentd.login({ by: 'id', id: fixture.agents.second }, [fixture.tenantUuid], { extension: '1002', context: 'agents' }), { type: 'done' });
    const inSales = await probeCall();
    const inSupport = await probeCall();
    enter(inSales.callId, fixture.queues.linear, 'sales');
    enter(inSupport.callId, fixture.queues.shared, 'support');
    assert.ok(await waitUntil(() => inSales.updates().length > 0 && inSupport.updates().length > 0 && rings(inSales.updates()).length + rings(inSupport.updates()).length > 0));
    // Both queues have offered by now: the agent's actor answers offers one at a time.
    assert.ok(await waitUntil(async () => (await center.agentd.agent({ by: 'id', id: fixture.agents.second }, [fixture.tenantUuid]))?.activity === 'ringing'));
    assert.equal(rings(inSales.updates()).length + rings(inSupport.updates()).length, 1);
  });

  it('MUST not ring a paused agent, and put an agent in wrap-up for the wrapuptime of the queue whose call it took', async () => {
    await loginBoth();
    await center.agentd.pause({ by: 'number', number: '3001' }, [fixture.tenantUuid], 'coffee');
    const probe = await probeCall();
    enter(probe.callId, fixture.queues.linear, 'sales');
    assert.ok(await waitUntil(() => rings(probe.updates()).length === 1));
    assert.deepEqual(rings(probe.updates())[0]?.members.map((member) => member.memberId), [`agent:${fixture.agents.second}`]);
    const claim = await probeCall();
    enter(claim.callId, fixture.queues.claims, 'claims');
    center.calls.abandon(probe.callId, fixture.queues.linear);
    assert.ok(await waitUntil(() => rings(claim.updates()).length === 1));
    const member = `agent:${fixture.agents.second}`;
    center.calls.memberAnswered(claim.callId, fixture.queues.claims, rings(claim.updates())[0]?.offerId ?? '', member);
    center.calls.callEnded(claim.callId, fixture.queues.claims, member, 'agent');
    assert.ok(await waitUntil(async () => (await center.agentd.agent({ by: 'id', id: fixture.agents.second }, [fixture.tenantUuid]))?.activity === 'wrapup'));
  });

  it('MUST distribute a call by the skill rule set its route names, read from the store', async () => {
    await loginBoth();
    const probe = await probeCall();
    center.calls.enter(probe.callId, { queue: { ...route(fixture.queues.linear, 'sales'), skillRuleSetId: fixture.englishRule }, caller: { name: 'Caller', number: '0601020304' } });
    assert.ok(await waitUntil(() => rings(probe.updates()).length === 1));
    assert.deepEqual(rings(probe.updates())[0]?.members.map((member) => member.memberId), [`agent:${fixture.agents.second}`]);
  });

  it("MUST refuse a call with joinempty when no member can take it, and answer unavailable for a queue it does not run", async () => {
    const refused = await probeCall();
    const unknown = await probeCall();
    enter(refused.callId, fixture.queues.strict, 'backoffice');
    enter(unknown.callId, 999_999, 'nowhere');
    assert.ok(await waitUntil(() => refused.updates().length === 1 && unknown.updates().length === 1));
    assert.deepEqual([refused.updates()[0], unknown.updates()[0]], [{ type: 'not_entered', status: 'joinempty' }, { type: 'not_entered', status: 'unavailable' }]);
  });
});

describe('contact center: agents', () => {
  it("MUST answer an agent's skills, the call it is offered and when that state began, and the queue's waiting calls per slot", async () => {
    await loginBoth();
    const offeredAfter = Date.now();
    const probe = await probeCall();
    enter(probe.callId, fixture.queues.linear, 'sales');
    assert.ok(await waitUntil(() => rings(probe.updates()).length === 1));
    const first = await center.agentd.agent({ by: 'id', id: fixture.agents.first }, [fixture.tenantUuid]);
    const second = await center.agentd.agent({ by: 'id', id: fixture.agents.second }, [fixture.tenantUuid]);
    assert.deepEqual([first?.activity, first?.currentCallId, (first?.stateSinceMs ?? 0) >= offeredAfter, second?.currentCallId, second?.skills], ['ringing', probe.callId, true, null, [{ name: 'english', weight: 80 }]]);
    const [history] = await center.agentd.waitingHistory([fixture.tenantUuid], fixture.queues.linear);
    assert.deepEqual([history?.name, history?.slotSeconds, history?.samples.at(-1)?.waiting === 1, await center.agentd.waitingHistory(['another-tenant'])], ['sales', 10, true, []]);
    center.calls.abandon(probe.callId, fixture.queues.linear);
  });

  it("MUST rebuild a queue's waiting calls of the last hour from queue_log when it starts", async () => {
    const at = Date.now();
    const minutesAgo = (minutes: number) => new Date(at - minutes * 60_000).toISOString();
    await db.query(
      `INSERT INTO queue_log (time, callid, queuename, agent, event) VALUES
       ($1, 'rebuilt-1', 'support', 'NONE', 'ENTERQUEUE'), ($2, 'rebuilt-2', 'support', 'NONE', 'ENTERQUEUE'),
       ($3, 'rebuilt-1', 'support', 'Agent/3002', 'CONNECT'), ($4, 'rebuilt-2', 'support', 'NONE', 'ABANDON')`,
      [minutesAgo(30), minutesAgo(29.9), minutesAgo(29), minutesAgo(28)],
    );
    await center.close();
    center = await startCenter();
    const [history] = await center.agentd.waitingHistory([fixture.tenantUuid], fixture.queues.shared);
    const most = (fromMinutes: number, toMinutes: number) => Math.max(...(history?.samples ?? []).filter((sample) => sample.atMs >= at - fromMinutes * 60_000 && sample.atMs < at - toMinutes * 60_000).map((sample) => sample.maxWaiting));
    assert.deepEqual([history?.samples.length, (history?.sinceMs ?? at) <= at - 3_590_000, most(31, 30.2), most(30.05, 29.5), most(28.5, 28.1), most(27.9, 1)], [360, true, 0, 2, 1, 0]);
  });

  it('MUST write AGENTCALLBACKLOGOFF when an agent logs off', async () => {
    await loginBoth();
    assert.deepEqual(await center.agentd.logoff({ by: 'number', number: '3001' }, [fixture.tenantUuid]), { type: 'done' });
    await center.logFlushed();
    const { rows } = await db.query<{ event: string; data1: string }>("SELECT event, data1 FROM queue_log WHERE agent = 'Agent/3001' AND event LIKE 'AGENTCALLBACK%' ORDER BY id DESC LIMIT 2");
    assert.deepEqual(rows, [{ event: 'AGENTCALLBACKLOGOFF', data1: '1001@agents' }, { event: 'AGENTCALLBACKLOGIN', data1: '1001@agents' }]);
  });

  it('MUST publish agent_paused and agent_unpaused with the agent and reason, and agent_status_update on login', async () => {
    await loginBoth();
    assert.deepEqual(await center.agentd.pause({ by: 'number', number: '3001' }, [fixture.tenantUuid], 'lunch'), { type: 'done' });
    assert.deepEqual(await center.agentd.unpause({ by: 'number', number: '3001' }, [fixture.tenantUuid]), { type: 'done' });
    assert.ok(await waitUntil(() => events.some((event) => event.name === 'agent_unpaused')));
    const paused = events.find((event) => event.name === 'agent_paused');
    assert.deepEqual([paused?.required_acl, paused?.data], ['events.statuses.agents', { agent_id: fixture.agents.first, agent_number: '3001', paused: true, paused_reason: 'lunch', queue: null }]);
    assert.deepEqual(events.find((event) => event.name === 'agent_status_update')?.data, { agent_id: fixture.agents.first, agent_number: '3001', status: 'logged_in', xivo_id: 'node-1' });
  });

  it('MUST refuse a login at an extension no user line has, and at one another agent holds', async () => {
    await loginBoth();
    const tenants = [fixture.tenantUuid];
    await center.agentd.logoff({ by: 'number', number: '3002' }, tenants);
    assert.equal((await center.agentd.login({ by: 'number', number: '3002' }, tenants, { extension: '1999', context: 'agents' })).type === 'refused' ? 'refused' : 'done', 'refused');
    const inUse = await center.agentd.login({ by: 'number', number: '3002' }, tenants, { extension: '1001', context: 'agents' });
    assert.equal(inUse.type === 'refused' ? inUse.code : inUse.type, 'extension_in_use');
  });

  it('MUST show the agent status and the queue statistics from the live actors', async () => {
    await loginBoth();
    await center.agentd.pause({ by: 'number', number: '3002' }, [fixture.tenantUuid], 'break');
    const status = await center.agentd.agent({ by: 'number', number: '3001' }, [fixture.tenantUuid]);
    assert.deepEqual([status?.logged, status?.extension, status?.context, status?.activity, status?.queues.map((queue) => queue.name)], [true, '1001', 'agents', 'available', ['sales', 'backoffice']]);
    assert.ok(await waitUntil(async () => (await center.agentd.queueStatistics([fixture.tenantUuid], fixture.queues.linear))[0]?.members.paused === 1));
    const [sales] = await center.agentd.queueStatistics([fixture.tenantUuid], fixture.queues.linear);
    assert.deepEqual([sales?.name, sales?.members.loggedIn, sales?.members.available, sales?.serviceLevelSeconds], ['sales', 2, 1, 20]);
  });
});

describe('contact center: phones and configuration', () => {
  const userOfPhone = async (username: string) => Number((await db.query<{ id: number }>('SELECT user_line.user_id AS id FROM user_line JOIN line ON line.id = user_line.line_id JOIN endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id WHERE endpoint_sip.username = $1', [username])).rows[0]?.id);

  it("MUST not offer a call to an agent whose phone has a call no queue gave it, and ring the next one", async () => {
    await loginBoth();
    busyUsers.set(await userOfPhone('deskphone1'), 1);
    const probe = await probeCall();
    enter(probe.callId, fixture.queues.linear, 'sales');
    assert.ok(await waitUntil(() => rings(probe.updates()).length === 1));
    assert.deepEqual(rings(probe.updates())[0]?.members.map((member) => member.memberId), [`agent:${fixture.agents.second}`]);
  });

  it('MUST ring a user member at all its lines, as the user its phones belong to', async () => {
    const probe = await probeCall();
    enter(probe.callId, fixture.queues.hotline, 'hotline');
    assert.ok(await waitUntil(() => rings(probe.updates()).length === 1));
    const [member] = rings(probe.updates())[0]?.members ?? [];
    assert.deepEqual([member?.memberId, member?.user.userId, member?.contacts.map((contact) => contact.requestUri)], [`user:${fixture.hotlineUser}`, fixture.hotlineUser, ['sip:deskphone3@192.0.2.1']]);
  });

  it("MUST follow confd's member changes announced on the bus", async () => {
    await loginBoth();
    expectWritten(await putQueueMember(db, { id: fixture.queues.strict, tenantUuid: fixture.tenantUuid }, { kind: 'agent', id: fixture.agents.second, penalty: 0, priority: 1 }));
    for (const handler of busHandlers) handler({ name: 'queue_member_agent_associated', origin_uuid: 'node-1', required_acl: 'events.config.queues.members.agents.updated', data: {} });
    assert.ok(await waitUntil(async () => (await center.agentd.queueStatistics([fixture.tenantUuid], fixture.queues.strict))[0]?.members.loggedIn === 2));
    const status = await center.agentd.agent({ by: 'id', id: fixture.agents.second }, [fixture.tenantUuid]);
    assert.deepEqual(status?.queues.map((queue) => queue.name), ['sales', 'support', 'backoffice', 'claims']);
  });

  it('MUST run a queue created after start, and make its waiting calls leave when it is deleted', async () => {
    const created = expectWritten(await createQueue(db, fixture.tenantUuid as never, { name: 'night', label: 'Night', options: [] }));
    for (const handler of busHandlers) handler({ name: 'queue_created', origin_uuid: 'node-1', required_acl: 'events.config.queues.created', data: {} });
    const probe = await probeCall();
    assert.ok(await waitUntil(async () => (await center.agentd.queueStatistics([fixture.tenantUuid], created.id)).length === 1));
    enter(probe.callId, created.id, 'night');
    assert.ok(await waitUntil(() => probe.updates().length === 1));
    await deleteQueue(db, String(created.id), [fixture.tenantUuid]);
    for (const handler of busHandlers) handler({ name: 'queue_deleted', origin_uuid: 'node-1', required_acl: 'events.config.queues.deleted', data: {} });
    assert.ok(await waitUntil(() => probe.updates().length === 2));
    assert.deepEqual(probe.updates(), [{ type: 'entered', position: 1 }, { type: 'exit', status: 'leaveempty' }]);
  });

  it('MUST tell the calls waiting in its queues to leave when it is evacuated, the ones of every queue', async () => {
    const first = await probeCall();
    const second = await probeCall();
    enter(first.callId, fixture.queues.shared, 'support');
    enter(second.callId, fixture.queues.hotline, 'hotline');
    assert.ok(await waitUntil(() => first.updates().length === 1 && second.updates().length >= 1));
    await center.evacuate();
    const leave = { type: 'exit', status: 'leaveempty' };
    assert.ok(await waitUntil(() => first.updates().length === 2 && JSON.stringify(second.updates().at(-1)) === JSON.stringify(leave)), JSON.stringify([first.updates(), second.updates()]));
    assert.deepEqual(first.updates(), [{ type: 'entered', position: 1 }, leave]);
  });
});
