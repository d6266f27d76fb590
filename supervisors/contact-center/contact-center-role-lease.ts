/**
 * The contact center's ownership following the node's HA role: the master runs it, the slaves
 * reach it (DESIGN §9: the contact center moves with the master).
 *
 * @remarks
 * The role is the truth; this turns it into the lease state the contact-center link follows. A
 * master claims the contact center in Redis with the role's epoch: a script sets
 * `<prefix>contact-center:role-epoch` to that epoch and `<prefix>contact-center:role-owner` to the
 * node's id unless a higher epoch was claimed already (then this node's role is stale and it owns
 * nothing). The epoch key fences the replicas as the own lease's epoch does. A slave reads the
 * owner's node id from `role-owner` (the HA role names the master by its node name, the link
 * addresses node ids), again every `pollMs` while it is a slave, since the new master may claim
 * after the slave heard of it. A standalone node owns the contact center with epoch 1. Without
 * Redis the master owns it with the role's epoch and a slave knows no owner.
 */
import type { Redis } from 'ioredis';
import type { HaRole, HaRoleSource } from '../ha/ha-role.ts';
import type { ContactCenterLease, LeaseLog, LeaseState } from './contact-center-lease.ts';

/** Claims the contact center for epoch `ARGV[2]`; answers 1, or 0 when a higher epoch holds it. */
const CLAIM_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[2]) < current then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
return 1`;

/** How often a slave reads the owner's node id again (default). */
export const ROLE_OWNER_POLL_MS = 1_000;

export interface RoleLeaseOptions {
  readonly roles: HaRoleSource;
  readonly nodeId: string;
  readonly cluster?: { readonly redis: Redis; readonly keyPrefix: string };
  readonly log: LeaseLog;
  readonly pollMs?: number;
}

/** The fencing key of the contact center run by the HA master. */
export function roleEpochKey(keyPrefix: string): string {
  return `${keyPrefix}contact-center:role-epoch`;
}

/** Starts following the role; resolves once the current role was applied. */
export async function createRoleLease(options: RoleLeaseOptions): Promise<ContactCenterLease> {
  const { roles, nodeId, cluster, log } = options;
  const epochKey = cluster === undefined ? '' : roleEpochKey(cluster.keyPrefix);
  const ownerKey = cluster === undefined ? '' : `${cluster.keyPrefix}contact-center:role-owner`;
  const listeners = new Set<(state: LeaseState) => void>();
  let current: LeaseState = { type: 'follower', ownerNodeId: undefined };
  let closed = false;

  const change = (next: LeaseState): void => {
    if (closed || JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    log.info({ lease: next }, next.type === 'owner' ? 'contact center: this node owns it (HA master)' : 'contact center: the HA master owns it');
    for (const listener of [...listeners]) listener(next);
  };
  const ownerNodeId = async (): Promise<string | undefined> => (cluster === undefined ? undefined : (await cluster.redis.get(ownerKey)) ?? undefined);
  const stateOf = async (role: HaRole): Promise<LeaseState> => {
    if (role.type === 'standalone') return { type: 'owner', epoch: 1 };
    if (role.type === 'slave') return { type: 'follower', ownerNodeId: await ownerNodeId() };
    if (cluster === undefined) return { type: 'owner', epoch: role.epoch };
    const claimed = await cluster.redis.eval(CLAIM_SCRIPT, 2, epochKey, ownerKey, nodeId, String(role.epoch));
    if (claimed === 1) return { type: 'owner', epoch: role.epoch };
    log.warn({ epoch: role.epoch }, 'contact center: a master of a higher epoch claimed it');
    return { type: 'follower', ownerNodeId: await ownerNodeId() };
  };
  /** Applies the role now; one at a time, in order. */
  let running: Promise<void> = Promise.resolve();
  const follow = (): Promise<void> => {
    running = running.then(async () => {
      try {
        change(await stateOf(roles.role()));
      } catch (error) {
        log.warn({ err: error }, 'contact center: Redis unreachable; the role is not followed');
        change({ type: 'follower', ownerNodeId: undefined });
      }
    });
    return running;
  };
  const unsubscribe = roles.onChange(() => void follow());
  await follow();
  const timer = setInterval(() => {
    if (roles.role().type === 'slave' || current.type === 'follower') void follow();
  }, options.pollMs ?? ROLE_OWNER_POLL_MS);
  timer.unref();

  return {
    state: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(timer);
      unsubscribe();
      await running;
      closed = true;
      listeners.clear();
    },
  };
}
