/**
 * The contact center's ownership following the node's HA role, on a real Redis: the roles are an
 * in-memory value source set by hand, each test under a key prefix of its own.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { waitUntil } from '../../test/support/wait-until.ts';
import { handRoles } from '../../test/support/hand-roles.ts';
import type { HaRole, HaRoleSource } from '../ha/ha-role.ts';
import type { ContactCenterLease } from './contact-center-lease.ts';
import { createRoleLease, roleEpochKey } from './contact-center-role-lease.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const quiet = { info: () => undefined, warn: () => undefined };

function connection(): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1, retryStrategy: () => null });
  cleanups.push(() => void redis.disconnect());
  return redis;
}

async function roleLease(keyPrefix: string, nodeId: string, roles: HaRoleSource): Promise<ContactCenterLease> {
  const lease = await createRoleLease({ roles, nodeId, cluster: { redis: connection(), keyPrefix }, log: quiet, pollMs: 50 });
  cleanups.push(() => lease.close());
  return lease;
}

const master = (epoch: number): HaRole => ({ type: 'master', epoch, sinceMs: 0 });
const slave: HaRole = { type: 'slave', masterNodeName: 'other' };

describe('the contact center following the HA role', () => {
  it('makes the master the owner with the role\'s epoch, which fences the replicas, and names it to a slave', async () => {
    const prefix = `test:role-lease:${randomUUID()}:`;
    const first = await roleLease(prefix, 'node-a', handRoles(master(4)));
    const second = await roleLease(prefix, 'node-b', handRoles(slave));
    assert.deepEqual([first.state(), second.state()], [{ type: 'owner', epoch: 4 }, { type: 'follower', ownerNodeId: 'node-a' }]);
    assert.equal(await connection().get(roleEpochKey(prefix)), '4');
  });

  it('moves the contact center when the roles change: the old master follows, the new one owns it', async () => {
    const prefix = `test:role-lease:${randomUUID()}:`;
    const rolesA = handRoles(master(4));
    const rolesB = handRoles(slave);
    const first = await roleLease(prefix, 'node-a', rolesA);
    const second = await roleLease(prefix, 'node-b', rolesB);
    rolesB.set(master(5));
    rolesA.set(slave);
    assert.ok(await waitUntil(() => second.state().type === 'owner' && JSON.stringify(first.state()) === JSON.stringify({ type: 'follower', ownerNodeId: 'node-b' })), JSON.stringify([first.state(), second.state()]));
    assert.deepEqual(second.state(), { type: 'owner', epoch: 5 });
  });

  it('owns nothing as a master whose epoch is older than one claimed already', async () => {
    const prefix = `test:role-lease:${randomUUID()}:`;
    await roleLease(prefix, 'node-b', handRoles(master(9)));
    const stale = await roleLease(prefix, 'node-a', handRoles(master(8)));
    assert.deepEqual(stale.state(), { type: 'follower', ownerNodeId: 'node-b' });
  });

  it('makes a standalone node the owner', async () => {
    const lease = await createRoleLease({ roles: handRoles({ type: 'standalone' }), nodeId: 'node-a', log: quiet });
    cleanups.push(() => lease.close());
    assert.equal(lease.state().type, 'owner');
  });
});
