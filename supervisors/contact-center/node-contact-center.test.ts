/**
 * Two nodes' contact centers on one in-process bus standing for the cluster's, a real Redis and a
 * real PostgreSQL test database, their ownership following HA roles set by hand: the contact
 * center runs on the master and moves, with its agents' logins, when the roles change.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createActorSystem, createSystemClock, silentLogger, type ActorSystem } from '../../actors/index.ts';
import { associateLineExtension, associateUserLine, createAgent, createContext, createExtension, createMigratedTestDatabase, createQueue, createSipLine, createUser, expectWritten, findRootTenant, putQueueMember, type TestDatabase } from '../../store/index.ts';
import { handRoles, type HandRoles } from '../../test/support/hand-roles.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createEventBus } from '../bus/event-bus.ts';
import type { HaRole } from '../ha/ha-role.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { ContactCenterLink } from './contact-center-link.ts';
import { createRedisReplicas } from './contact-center-replicas.ts';
import { roleEpochKey } from './contact-center-role-lease.ts';
import { createNodeContactCenter } from './node-contact-center.ts';

const quietLogger: NodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;

let db: TestDatabase;
let tenantUuid: Awaited<ReturnType<typeof findRootTenant>>['uuid'];
let agentId: number;
const closers: (() => Promise<void> | void)[] = [];

before(async () => {
  db = await createMigratedTestDatabase('postgres');
  tenantUuid = (await findRootTenant(db)).uuid;
  expectWritten(await createContext(db, { name: 'agents' }));
  const user = expectWritten(await createUser(db, { firstname: 'desk' }));
  const line = expectWritten(await createSipLine(db, { username: 'desk', secret: 's3cret', context: 'agents' }));
  const extension = expectWritten(await createExtension(db, { exten: '1001', context: 'agents', type: 'user', typeval: String(user.id), tenantUuid }));
  expectWritten(await associateUserLine(db, { userId: user.id, lineId: line.id }));
  expectWritten(await associateLineExtension(db, { lineId: line.id, extensionId: extension.id }));
  agentId = expectWritten(await createAgent(db, tenantUuid, { number: '3001' })).id;
  const created = expectWritten(await createQueue(db, tenantUuid, { name: 'support', label: 'Support', options: [] }));
  expectWritten(await putQueueMember(db, created, { kind: 'agent', id: agentId, penalty: 0, priority: 0 }));
});
after(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await db.close();
});

interface TestNode { readonly system: ActorSystem; readonly link: ContactCenterLink; readonly roles: HandRoles }

async function node(keyPrefix: string, nodeUuid: string, role: HaRole, bus: ReturnType<typeof createEventBus>): Promise<TestNode> {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1, retryStrategy: () => null });
  const system = await createActorSystem({ nodeName: nodeUuid, clock: createSystemClock(), logger: silentLogger });
  const roles = handRoles(role);
  const link = await createNodeContactCenter({
    system, bus, database: db, nodeUuid, logger: quietLogger, cluster: { redis, keyPrefix }, roles,
    contacts: async () => [], localUserCalls: () => [],
  });
  closers.push(() => redis.disconnect(), () => system.shutdown(), () => link.close());
  return { system, link, roles };
}

const master = (epoch: number): HaRole => ({ type: 'master', epoch, sinceMs: 0 });
const slave: HaRole = { type: 'slave', masterNodeName: 'the other' };

describe('a node\'s contact center following the HA role', () => {
  it('MUST run on the master only, move to the new master when the roles change, and keep the agent logged in', async () => {
    const keyPrefix = `test:node-contact-center:${randomUUID()}:`;
    const bus = createEventBus(() => undefined);
    const first = await node(keyPrefix, 'node-a', master(3), bus);
    const second = await node(keyPrefix, 'node-b', slave, bus);
    assert.deepEqual([first.system.actorCount('queue'), second.system.actorCount('queue')], [1, 0]);
    assert.ok(await waitUntil(async () => (await second.link.agentd.login({ by: 'id', id: agentId }, [tenantUuid], { extension: '1001', context: 'agents' }).catch(() => undefined))?.type === 'done'), 'the slave reaches the master\'s agentd');
    await first.link.center()?.logFlushed();

    first.roles.set(slave);
    second.roles.set(master(4));
    assert.ok(await waitUntil(() => second.link.center() !== undefined && first.link.center() === undefined, { timeoutMs: 5_000 }));
    await second.link.settled();
    assert.deepEqual([first.system.actorCount('queue'), second.system.actorCount('queue')], [0, 1]);
    const view = await second.link.agentd.agent({ by: 'id', id: agentId }, [tenantUuid]);
    assert.deepEqual([view?.logged, view?.extension], [true, '1001']);
  });

  it('MUST keep the new master\'s replicas from a former master that has not heard yet that it lost the role', async () => {
    const keyPrefix = `test:node-contact-center:${randomUUID()}:`;
    const bus = createEventBus(() => undefined);
    const first = await node(keyPrefix, 'node-a', master(3), bus);
    const second = await node(keyPrefix, 'node-b', slave, bus);
    assert.equal((await first.link.agentd.login({ by: 'id', id: agentId }, [tenantUuid], { extension: '1001', context: 'agents' })).type, 'done');
    await first.link.center()?.logFlushed();
    second.roles.set(master(4));
    assert.ok(await waitUntil(() => second.link.center() !== undefined, { timeoutMs: 5_000 }));
    await second.link.settled();
    // The former master still runs its contact center: what it changes now is not replicated.
    assert.equal((await first.link.agentd.pause({ by: 'id', id: agentId }, [tenantUuid], 'stale')).type, 'done');
    // It hears it at last, and stops: its contact center's last writes are done (refused) by then.
    first.roles.set(slave);
    assert.ok(await waitUntil(() => first.link.center() === undefined));
    await first.link.settled();
    const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1, retryStrategy: () => null });
    closers.push(() => redis.disconnect());
    const replicas = createRedisReplicas({ redis, keyPrefix, epochKey: roleEpochKey(keyPrefix), log: { warn: () => undefined } });
    const replica = (await replicas.load()).get(`agent-${agentId}`)?.data as { readonly paused?: unknown; readonly state: string } | undefined;
    assert.deepEqual([replica?.state, replica?.paused], ['idle', undefined]);
    assert.equal((await second.link.agentd.agent({ by: 'id', id: agentId }, [tenantUuid]))?.paused, false);
  });
});
