/**
 * Which node of a cluster runs the contact center: a Redis lease with a fencing epoch (the issue's
 * "a cluster singleton: it may run on any node").
 *
 * @remarks
 * The holder's node id sits at `<prefix>contact-center:owner`, set with `SET NX PX` and renewed by
 * a compare-and-set script every third of its time to live, so one slow renewal does not lose it.
 * Each acquisition increments `<prefix>contact-center:epoch` in the same script: an owner's epoch
 * is higher than every earlier owner's, and what an older owner still sends can be told apart.
 * A node that is not the owner tries to take the lease at every tick and reads who holds it (the
 * node its contact-center link addresses). A node that stops deletes the lease if it still holds
 * it, so another takes it at its next tick; a node that dies loses it when it lapses. A planned
 * handover (`handOver`) writes `<prefix>contact-center:handover` (the chosen node, short-lived)
 * as it deletes the lease, so that only that node takes it until the promise lapses. Without Redis
 * (one node) the node is the owner from the start. Redis being unreachable makes the owner give up
 * at the first failed renewal: two owners at once is worse than none for a few seconds.
 */
import type { Redis } from 'ioredis';

/** Who runs the contact center, as this node sees it. */
export type LeaseState =
  | { readonly type: 'owner'; readonly epoch: number }
  | { readonly type: 'follower'; readonly ownerNodeId: string | undefined };

export interface ContactCenterLease {
  state(): LeaseState;
  /** Hears each change of state; returns the unsubscription. */
  onChange(listener: (state: LeaseState) => void): () => void;
  /** Stops renewing and gives the lease up if this node holds it. */
  close(): Promise<void>;
  /**
   * A planned handover: gives the lease up promising it to `nodeId` for `promiseMs`; resolves
   * whether this node held it. Absent: the lease cannot be handed over (one node, an HA role).
   */
  handOver?(nodeId: string, promiseMs: number): Promise<boolean>;
  /** Looks at the lease now (takes it if free and not promised to another node); resolves once done. */
  refresh?(): Promise<void>;
}

export interface LeaseLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RedisLeaseOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly nodeId: string;
  /** How long the lease lives without renewal (default 3 000 ms); renewed every third of it. */
  readonly ttlMs?: number;
  readonly log: LeaseLog;
}

export const DEFAULT_LEASE_TTL_MS = 3_000;

/** Takes the lease when free and not promised to another node; answers the new epoch, or 0. */
const ACQUIRE_SCRIPT = `
local promised = redis.call('GET', KEYS[3])
if promised and promised ~= ARGV[1] then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[3])
  return redis.call('INCR', KEYS[2])
end
return 0`;

/** Promises the lease to a node and lets it go, when this node holds it. */
const HANDOVER_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Extends the lease when this node still holds it; answers 1, or 0 when it is lost. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Deletes the lease when this node holds it. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The key of the lease's fencing epoch (what the owner's replicas are fenced by). */
export function leaseEpochKey(keyPrefix: string): string {
  return `${keyPrefix}contact-center:epoch`;
}

/** The lease of a node without Redis: it is the owner. */
export function createLocalLease(): ContactCenterLease {
  return { state: () => ({ type: 'owner', epoch: 1 }), onChange: () => () => undefined, close: () => Promise.resolve() };
}

/** Starts the Redis lease; resolves once the first attempt to take it was made. */
export async function createRedisLease(options: RedisLeaseOptions): Promise<ContactCenterLease> {
  const { redis, nodeId, log } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const ownerKey = `${options.keyPrefix}contact-center:owner`;
  const epochKey = leaseEpochKey(options.keyPrefix);
  const handoverKey = `${options.keyPrefix}contact-center:handover`;
  const listeners = new Set<(state: LeaseState) => void>();
  let current: LeaseState = { type: 'follower', ownerNodeId: undefined };
  let closed = false;

  const change = (next: LeaseState): void => {
    if (closed || JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    log.info({ lease: next }, next.type === 'owner' ? 'contact center: this node owns it' : 'contact center: another node owns it');
    for (const listener of [...listeners]) listener(next);
  };

  const tick = async (): Promise<void> => {
    try {
      if (current.type === 'owner') {
        const renewed = await redis.eval(RENEW_SCRIPT, 1, ownerKey, nodeId, String(ttlMs));
        if (renewed === 1) return;
        log.warn({ key: ownerKey }, 'contact center: lease lost');
        change({ type: 'follower', ownerNodeId: undefined });
      }
      const epoch = Number(await redis.eval(ACQUIRE_SCRIPT, 3, ownerKey, epochKey, handoverKey, nodeId, String(ttlMs)));
      if (epoch > 0) return change({ type: 'owner', epoch });
      const holder = await redis.get(ownerKey);
      change({ type: 'follower', ownerNodeId: holder ?? undefined });
    } catch (error) {
      if (current.type === 'owner') log.warn({ err: error, key: ownerKey }, 'contact center: lease not renewed, given up');
      change({ type: 'follower', ownerNodeId: undefined });
    }
  };

  let running: Promise<void> = tick();
  await running;
  const timer = setInterval(() => {
    running = running.then(tick);
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();

  return {
    state: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handOver(target, promiseMs) {
      const handed = running.then(async () => {
        if (current.type !== 'owner') return false;
        const released = (await redis.eval(HANDOVER_SCRIPT, 2, ownerKey, handoverKey, nodeId, target, String(promiseMs))) === 1;
        log.info({ target, released }, 'contact center: lease handed over');
        change({ type: 'follower', ownerNodeId: undefined });
        return released;
      });
      running = handed.then(() => undefined, () => undefined);
      return handed;
    },
    refresh() {
      running = running.then(tick);
      return running;
    },
    async close() {
      clearInterval(timer);
      await running;
      const held = current.type === 'owner';
      closed = true;
      listeners.clear();
      if (held) await redis.eval(RELEASE_SCRIPT, 1, ownerKey, nodeId).catch((error: unknown) => log.warn({ err: error }, 'contact center: lease not released'));
    },
  };
}
