/**
 * A contact center taken over by another node, over a real PostgreSQL test database and a real
 * Redis: the first owner's queue and agent actors replicate to Redis, it stops, and the next owner
 * (another actor system) starts them from the replicas and reconciles them with the store. The
 * calls are probe actors of a third actor system (the node running them survives).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { actorAddress, createActorSystem, createSystemClock, handled, queue, silentLogger, type ActorSystem, type call } from '../../actors/index.ts';
import {
  associateLineExtension, associateUserLine, createAgent, createContext, createExtension, createMigratedTestDatabase, createQueue, createSipLine, createUser, deleteAgent, deleteQueue,
  expectWritten, findRootTenant, putQueueMember, type TestDatabase,
} from '../../store/index.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createContactCenter, type ContactCenter } from './contact-center.ts';
import { createRedisReplicas, replicasKey, type ContactCenterReplicas } from './contact-center-replicas.ts';

const quietLogger: NodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;

let db: TestDatabase;
let redis: Redis;
let tenantUuid: Awaited<ReturnType<typeof findRootTenant>>['uuid'];
let agents: { readonly first: number; readonly second: number };
let supportQueue: number;
let callSystem: ActorSystem;
let sequence = 0;
const running: { readonly center: ContactCenter; readonly system: ActorSystem }[] = [];

async function phone(username: string, exten: string): Promise<void> {
  const user = expectWritten(await createUser(db, { firstname: username }));
  const line = expectWritten(await createSipLine(db, { username, secret: 's3cret', context: 'agents' }));
  const extension = expectWritten(await createExtension(db, { exten, context: 'agents', type: 'user', typeval: String(user.id), tenantUuid: tenantUuid as never }));
  expectWritten(await associateUserLine(db, { userId: user.id, lineId: line.id }));
  expectWritten(await associateLineExtension(db, { lineId: line.id, extensionId: extension.id }));
}

async function queueOf(name: string, options: [string, string][], members: readonly number[]): Promise<number> {
  const created = expectWritten(await createQueue(db, tenantUuid, { name, label: name, options }));
  for (const [priority, agentId] of members.entries()) expectWritten(await putQueueMember(db, created, { kind: 'agent', id: agentId, penalty: 0, priority }));
  return created.id;
}

before(async () => {
  db = await createMigratedTestDatabase('postgres');
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1, retryStrategy: () => null });
  tenantUuid = (await findRootTenant(db)).uuid;
  expectWritten(await createContext(db, { name: 'agents' }));
  await phone('deskphone1', '1001');
  await phone('deskphone2', '1002');
  agents = { first: expectWritten(await createAgent(db, tenantUuid, { number: '3001' })).id, second: expectWritten(await createAgent(db, tenantUuid, { number: '3002' })).id };
  supportQueue = await queueOf('support', [['strategy', 'ringall'], ['timeout', '30'], ['retry', '1']], [agents.first, agents.second]);
  callSystem = await createActorSystem({ nodeName: 'calls', clock: createSystemClock(), logger: silentLogger });
});
after(async () => {
  await callSystem.shutdown();
  redis.disconnect();
  await db.close();
});
afterEach(async () => {
  for (const node of running.splice(0)) {
    await node.center.close();
    await node.system.shutdown();
  }
});

/** An installation of its own in Redis: the owners' epochs and replicas. */
function installation(): { readonly replicas: ContactCenterReplicas; readonly prefix: string; takeOver(): Promise<number> } {
  const prefix = `test:rehydration:${randomUUID()}:`;
  const epochKey = `${prefix}contact-center:epoch`;
  const replicas = createRedisReplicas({ redis, keyPrefix: prefix, epochKey, log: { warn: () => undefined } });
  return { replicas, prefix, takeOver: async () => redis.incr(epochKey) };
}

/** The contact center of a node that just took it over, started from the replicas. */
async function owner(place: ReturnType<typeof installation>): Promise<ContactCenter> {
  const epoch = await place.takeOver();
  const system = await createActorSystem({ nodeName: `owner-${epoch}`, clock: createSystemClock(), logger: silentLogger });
  const center = await createContactCenter({
    system, database: db, nodeUuid: `node-${epoch}`, logger: quietLogger, publish: () => undefined,
    contacts: async (usernames) => usernames.map((username) => ({ requestUri: `sip:${username}@192.0.2.1`, destination: { transport: 'udp', address: '192.0.2.1', port: 5060 }, toUri: `sip:${username}@pbx` })),
    activeCalls: () => 0,
    toCall: (callId, message) => callSystem.send(actorAddress('call', callId), message),
    replication: { restored: await place.replicas.load(), writer: place.replicas.writer(epoch), epoch },
  });
  running.push({ center, system });
  return Object.assign(center, { system });
}

/** The owner stops (its replicas written), as a node shutting down does. */
async function stop(center: ContactCenter): Promise<void> {
  const index = running.findIndex((node) => node.center === center);
  const [node] = running.splice(index, 1);
  await node?.center.close();
  await node?.system.shutdown();
}

async function probeCall(): Promise<{ readonly callId: string; updates(): call.QueueUpdate[] }> {
  const callId = `call-${++sequence}-${Date.now()}`;
  type Probe = { readonly state: 'probe'; readonly updates: readonly call.QueueUpdate[] };
  await callSystem.spawn<Probe, call.CallMessage, never, Record<never, never>>({
    address: actorAddress('call', callId), env: {}, runners: {} as never,
    from: { type: 'initial', epoch: 1, data: { state: 'probe', updates: [] } },
    machine: { transition: (snapshot, message) => handled(message.type === 'call.queue_update' ? { ...snapshot, updates: [...snapshot.updates, message.update] } : snapshot) },
  });
  return { callId, updates: () => (callSystem.lookup(actorAddress('call', callId))?.toSnapshot().data as Probe).updates as call.QueueUpdate[] };
}

const route = (queueId: number, name: string): call.QueueRoute => ({ queueId, tenantUuid, name, label: name, musicOnHold: { mohClass: 'default', order: 'sequential' }, fallbacks: {}, diversions: {} });
const enter = (center: ContactCenter, callId: string, queueId: number, name: string) => center.calls.enter(callId, { queue: route(queueId, name), caller: { name: 'Caller', number: '0601020304' } });
const rings = (updates: readonly call.QueueUpdate[]) => updates.flatMap((update) => (update.type === 'ring' ? [update] : []));
const agentView = (center: ContactCenter, agentId: number) => center.agentd.agent({ by: 'id', id: agentId }, [tenantUuid]);
const waitingIn = (center: ContactCenter & { readonly system?: ActorSystem }, queueId: number): string[] =>
  ((center.system?.lookup(queue.queueAddress(queueId))?.toSnapshot().data as queue.QueueSnapshot | undefined)?.waiting ?? []).map((waiting) => waiting.callId);
async function logOf(center: ContactCenter, callId: string): Promise<string[]> {
  await center.logFlushed();
  const { rows } = await db.query<{ event: string }>('SELECT event FROM queue_log WHERE callid = $1 ORDER BY id', [callId]);
  return rows.map((row) => row.event);
}

describe('contact center taken over by another node', () => {
  it('MUST start the agents from their replicas: logged in at the same phone, the paused one still paused', async () => {
    const place = installation();
    const first = await owner(place);
    await first.agentd.login({ by: 'id', id: agents.first }, [tenantUuid], { extension: '1001', context: 'agents' });
    await first.agentd.login({ by: 'id', id: agents.second }, [tenantUuid], { extension: '1002', context: 'agents' });
    await first.agentd.pause({ by: 'id', id: agents.second }, [tenantUuid], 'lunch');
    await stop(first);
    const second = await owner(place);
    const views = [await agentView(second, agents.first), await agentView(second, agents.second)];
    assert.deepEqual(views.map((view) => [view?.logged, view?.extension, view?.paused, view?.pausedReason]), [[true, '1001', false, null], [true, '1002', true, 'lunch']]);
  });

  it('MUST keep the waiting calls in their order and offer them to an agent afterwards, without a second ENTERQUEUE', async () => {
    const place = installation();
    const first = await owner(place);
    for (const agentId of [agents.first, agents.second]) {
      await first.agentd.login({ by: 'id', id: agentId }, [tenantUuid], { extension: agentId === agents.first ? '1001' : '1002', context: 'agents' });
      await first.agentd.pause({ by: 'id', id: agentId }, [tenantUuid], 'meeting');
    }
    const callers = [await probeCall(), await probeCall(), await probeCall()];
    for (const caller of callers) enter(first, caller.callId, supportQueue, 'support');
    assert.ok(await waitUntil(() => waitingIn(first, supportQueue).length === 3));
    await stop(first);
    const second = await owner(place);
    assert.deepEqual(waitingIn(second, supportQueue), callers.map((caller) => caller.callId));
    await second.agentd.unpause({ by: 'id', id: agents.first }, [tenantUuid]);
    const [firstCaller] = callers;
    assert.ok(await waitUntil(() => rings(firstCaller?.updates() ?? []).length === 1), 'the first caller rings the agent');
    assert.deepEqual(await logOf(second, firstCaller?.callId ?? ''), ['ENTERQUEUE']);
  });

  it('MUST connect a call that rang an agent on the previous owner when the call reports the answer to the new one, with one CONNECT', async () => {
    const place = installation();
    const first = await owner(place);
    await first.agentd.login({ by: 'id', id: agents.first }, [tenantUuid], { extension: '1001', context: 'agents' });
    const caller = await probeCall();
    enter(first, caller.callId, supportQueue, 'support');
    assert.ok(await waitUntil(() => rings(caller.updates()).length === 1));
    const [ring] = rings(caller.updates());
    await stop(first);
    const second = await owner(place);
    assert.equal((await agentView(second, agents.first))?.activity, 'ringing');
    second.calls.memberAnswered(caller.callId, supportQueue, ring?.offerId ?? '', `agent:${agents.first}`);
    assert.ok(await waitUntil(async () => (await agentView(second, agents.first))?.activity === 'on_call'));
    assert.deepEqual(await logOf(second, caller.callId), ['ENTERQUEUE', 'CONNECT']);
  });

  it('MUST not write again the CONNECT the previous owner wrote for a call whose answer its last replicas missed', async () => {
    const place = installation();
    const first = await owner(place);
    await first.agentd.login({ by: 'id', id: agents.first }, [tenantUuid], { extension: '1001', context: 'agents' });
    const caller = await probeCall();
    enter(first, caller.callId, supportQueue, 'support');
    assert.ok(await waitUntil(() => rings(caller.updates()).length === 1));
    const [ring] = rings(caller.updates());
    assert.ok(await waitUntil(async () => (await place.replicas.load()).get(`agent-${agents.first}`)?.data.state === 'offered'));
    const beforeAnswer = await redis.hgetall(replicasKey(place.prefix));
    first.calls.memberAnswered(caller.callId, supportQueue, ring?.offerId ?? '', `agent:${agents.first}`);
    assert.ok(await waitUntil(async () => (await logOf(first, caller.callId)).includes('CONNECT')));
    await stop(first);
    await redis.hset(replicasKey(place.prefix), beforeAnswer);
    const second = await owner(place);
    second.calls.memberAnswered(caller.callId, supportQueue, ring?.offerId ?? '', `agent:${agents.first}`);
    assert.ok(await waitUntil(async () => (await agentView(second, agents.first))?.activity === 'on_call'));
    assert.deepEqual(await logOf(second, caller.callId), ['ENTERQUEUE', 'CONNECT']);
  });

  it('MUST release an agent held for an offer the queue replica no longer holds', async () => {
    const place = installation();
    const first = await owner(place);
    await first.agentd.login({ by: 'id', id: agents.first }, [tenantUuid], { extension: '1001', context: 'agents' });
    const caller = await probeCall();
    enter(first, caller.callId, supportQueue, 'support');
    assert.ok(await waitUntil(() => rings(caller.updates()).length === 1));
    await stop(first);
    // As if the queue's last replica (the call gone) landed after the agent's.
    const replicas = await place.replicas.load();
    const queueReplica = replicas.get(`queue-${supportQueue}`);
    assert.ok(queueReplica !== undefined);
    await redis.hset(replicasKey(place.prefix), `queue-${supportQueue}`, JSON.stringify({ ...queueReplica, timers: {}, data: { ...(queueReplica.data as queue.QueueSnapshot), waiting: [] } }));
    const second = await owner(place);
    assert.ok(await waitUntil(async () => (await agentView(second, agents.first))?.activity === 'available'));
  });

  it('MUST abandon an inherited waiting call no node named (gone with the previous owner), and tell a named call no queue holds to leave', async () => {
    const place = installation();
    const first = await owner(place);
    const gone = await probeCall();
    enter(first, gone.callId, supportQueue, 'support');
    assert.ok(await waitUntil(() => waitingIn(first, supportQueue).length === 1));
    await stop(first);
    const second = await owner(place);
    const unknown = await probeCall();
    second.reconcileCalls(() => false, [[unknown.callId, supportQueue]]);
    assert.ok(await waitUntil(async () => (await logOf(second, gone.callId)).includes('ABANDON')), JSON.stringify(await logOf(second, gone.callId)));
    assert.deepEqual([waitingIn(second, supportQueue), unknown.updates()], [[], [{ type: 'exit', status: 'leaveempty' }]]);
  });

  it('MUST drop a queue deleted meanwhile: its replica goes and its waiting calls leave it', async () => {
    const place = installation();
    const closing = await queueOf('closing', [], [agents.second]);
    const first = await owner(place);
    const caller = await probeCall();
    enter(first, caller.callId, closing, 'closing');
    assert.ok(await waitUntil(() => waitingIn(first, closing).length === 1));
    await stop(first);
    assert.ok(await deleteQueue(db, String(closing), [tenantUuid]));
    await owner(place);
    assert.ok(await waitUntil(() => caller.updates().some((update) => update.type === 'exit' && update.status === 'leaveempty')));
    assert.equal((await place.replicas.load()).has(`queue-${closing}`), false);
  });

  it('MUST log off an agent deleted meanwhile and drop its replica', async () => {
    const place = installation();
    const leaving = expectWritten(await createAgent(db, tenantUuid, { number: '3099' })).id;
    const first = await owner(place);
    await first.agentd.login({ by: 'id', id: leaving }, [tenantUuid], { extension: '1002', context: 'agents' });
    await stop(first);
    assert.ok(await deleteAgent(db, String(leaving), [tenantUuid]));
    const second = await owner(place);
    await second.logFlushed();
    const { rows } = await db.query<{ event: string; data3: string }>("SELECT event, data3 FROM queue_log WHERE agent = 'Agent/3099' ORDER BY id");
    assert.deepEqual(rows.map((row) => row.event === 'AGENTCALLBACKLOGOFF' ? `${row.event} ${row.data3}` : row.event), ['AGENTCALLBACKLOGIN', 'AGENTCALLBACKLOGOFF Deleted']);
    assert.equal((await place.replicas.load()).has(`agent-${leaving}`), false);
  });
});
