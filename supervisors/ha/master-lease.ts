/**
 * The HA master lease: the node whose name sits at `<prefix>ha:master` is the master, and the
 * epoch it took the lease with (`<prefix>ha:epoch`, incremented by each taker) fences everything
 * it writes.
 *
 * @remarks
 * - The master renews every fifth of the lease's time to live (a slave checks as often). It stops being master on its own
 *   as soon as it has gone 70 % of the time to live without a successful renewal (a Redis that
 *   does not answer counts as a failed renewal once the command has waited its share): a master
 *   cut from Redis stands down before the lease lapses and a slave can take it, so no call is
 *   ever served by two nodes (the partition case).
 * - A slave tries to take the lease when it is free. With host detection (the
 *   seed's behaviour) it takes a lapsed lease only when the master's host does not answer.
 * - With process detection a slave also breaks the lease at once when the master's host answers
 *   but its service port refuses connections (the process died): a refused connection comes from
 *   the master's own kernel, which a partition cannot fake, so this never makes two masters.
 * - A planned switchover writes `<prefix>ha:handover` (the chosen node, short-lived) before the
 *   master lets the lease go, so that only that node takes it.
 * - A node that comes back finds a higher epoch held by another node and stays a slave. A node
 *   that is not master and finds its own name in the lease (a renewal answered after it stood
 *   down, or its previous process's lease) lets it go and contends at once under a new epoch.
 * - A node configured `slave` never starts a cluster: it takes the lease only once there has been
 *   a master (the epoch exists), so configuring the slave first does not make it the master.
 * - A drained node asks `mayTake` before taking or breaking the lease (see ha-runtime.ts).
 */
import type { Redis } from 'ioredis';
import type { HaRole } from './ha-role.ts';

export interface MasterLeaseLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MasterLeaseOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly nodeName: string;
  readonly ttlMs: number;
  readonly log: MasterLeaseLog;
  /** Host detection: whether the current master's host answers; absent = process detection. */
  readonly masterHostAlive?: (masterNodeName: string) => Promise<boolean>;
  /**
   * Process detection: true when the master's host answers but nothing listens where the master
   * serves (its process is gone), so the lease can be broken at once instead of waiting for it to
   * lapse. A host that does not answer is not "gone": the lease then lapses as usual.
   */
  readonly masterProcessGone?: (masterNodeName: string) => Promise<boolean>;
  /**
   * Whether this node may be the cluster's first master (a node configured `master`); a node
   * configured `slave` takes the lease only once the cluster has had a master (default true).
   */
  readonly mayStartCluster?: boolean;
  /** Monotonic milliseconds (performance.now by default). */
  readonly monotonicNow?: () => number;
  /** Asked before the lease is taken or broken; false keeps the node a slave this time (a drained node). */
  readonly mayTake?: () => Promise<boolean>;
}

export interface MasterLease {
  role(): HaRole;
  onChange(listener: (role: HaRole) => void): () => void;
  /** Lets the lease go to `target` (a planned switchover); resolves once released. */
  handOver(target: string): Promise<void>;
  /** Stops taking part; gives the lease up if held. */
  close(): Promise<void>;
  /** Milliseconds since Redis last answered a renewal or a check (the node's health). */
  sinceLastAnswerMs(): number;
}

/** Takes the lease when free and not promised to another node; answers the new epoch or 0. */
const ACQUIRE_SCRIPT = `
local promised = redis.call('GET', KEYS[3])
if promised and promised ~= ARGV[1] then return 0 end
if ARGV[3] == '0' and redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[3])
  return redis.call('INCR', KEYS[2])
end
return 0`;

/** Extends the lease while this node holds it under its epoch; 1, or 0 when lost. */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[3] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Promises the lease to a node and lets it go, when this node holds it. */
const HANDOVER_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Breaks the lease of a master whose process is gone, if it is still that master's; then takes it as ACQUIRE does. */
const BREAK_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[3] then return 0 end
redis.call('DEL', KEYS[1])
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('DEL', KEYS[3])
  return redis.call('INCR', KEYS[2])
end
return 0`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The Redis keys of the lease under a prefix. */
export function leaseKeys(keyPrefix: string): { readonly master: string; readonly epoch: string; readonly handover: string } {
  return { master: `${keyPrefix}ha:master`, epoch: `${keyPrefix}ha:epoch`, handover: `${keyPrefix}ha:handover` };
}

/** Rejects after `ms`: a Redis command that hangs counts as failed. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from Redis within ${String(ms)} ms`)), ms);
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, (error: unknown) => {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/** Starts taking part in the master lease; resolves after the first attempt. */
export async function startMasterLease(options: MasterLeaseOptions): Promise<MasterLease> {
  const { redis, nodeName, ttlMs, log } = options;
  const keys = leaseKeys(options.keyPrefix);
  const now = options.monotonicNow ?? (() => performance.now());
  const renewEveryMs = Math.max(20, Math.floor(ttlMs / 5));
  const fenceAfterMs = Math.floor(ttlMs * 0.7);
  const commandTimeoutMs = Math.max(20, Math.floor(ttlMs / 5));
  const listeners = new Set<(role: HaRole) => void>();
  let current: HaRole = { type: 'slave', masterNodeName: undefined };
  let lastRenewedAt = 0;
  let lastAnswerAt = now();
  let closed = false;
  const mayTake = options.mayTake ?? (() => Promise.resolve(true));

  const change = (next: HaRole): void => {
    if (closed || JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    log.info({ role: next }, next.type === 'master' ? 'HA: this node is the master' : 'HA: this node is a slave');
    for (const listener of [...listeners]) listener(next);
  };

  const renew = async (epoch: number): Promise<void> => {
    const startedAt = now();
    try {
      const renewed = await within(redis.eval(RENEW_SCRIPT, 2, keys.master, keys.epoch, nodeName, String(ttlMs), String(epoch)), commandTimeoutMs);
      lastAnswerAt = now();
      if (renewed === 1) {
        lastRenewedAt = startedAt;
        return;
      }
      log.warn({ epoch }, 'HA: the master lease was lost');
      change({ type: 'slave', masterNodeName: undefined });
    } catch (error) {
      if (now() - lastRenewedAt < fenceAfterMs) return;
      log.warn({ err: error, epoch }, 'HA: the master lease could not be renewed in time; standing down');
      change({ type: 'slave', masterNodeName: undefined });
    }
  };

  const contend = async (): Promise<void> => {
    try {
      let holder = await within(redis.get(keys.master), commandTimeoutMs);
      lastAnswerAt = now();
      if (holder === nodeName) {
        // This node's own lease while it is not master: renewed late after it stood down (a
        // stall), or left by its previous process. Nobody else holds it, so it is let go and
        // contended for at once, instead of leaving the cluster without a master until it lapses.
        await within(redis.eval(RELEASE_SCRIPT, 1, keys.master, nodeName), commandTimeoutMs);
        holder = null;
      }
      if (holder !== null && holder !== nodeName) {
        if (options.masterProcessGone !== undefined && current.type === 'slave' && (await options.masterProcessGone(holder)) && (await mayTake())) {
          const startedAt = now();
          const epoch = Number(await within(redis.eval(BREAK_SCRIPT, 3, keys.master, keys.epoch, keys.handover, nodeName, String(ttlMs), holder), commandTimeoutMs));
          if (epoch > 0) {
            log.warn({ master: holder, epoch }, 'HA: the master process is gone; lease broken and taken');
            lastRenewedAt = startedAt;
            return change({ type: 'master', epoch, sinceMs: Date.now() });
          }
        }
        return change({ type: 'slave', masterNodeName: holder });
      }
      if (holder === null && options.masterHostAlive !== undefined && current.type === 'slave' && current.masterNodeName !== undefined) {
        if (await options.masterHostAlive(current.masterNodeName)) return;
      }
      if (holder === null && !(await mayTake())) return change({ type: 'slave', masterNodeName: undefined });
      const startedAt = now();
      const epoch = Number(await within(redis.eval(ACQUIRE_SCRIPT, 3, keys.master, keys.epoch, keys.handover, nodeName, String(ttlMs), options.mayStartCluster === false ? '0' : '1'), commandTimeoutMs));
      if (epoch > 0) {
        lastRenewedAt = startedAt;
        return change({ type: 'master', epoch, sinceMs: Date.now() });
      }
      const after = await within(redis.get(keys.master), commandTimeoutMs);
      change({ type: 'slave', masterNodeName: after ?? (current.type === 'slave' ? current.masterNodeName : undefined) });
    } catch (error) {
      log.warn({ err: error }, 'HA: Redis did not answer the lease check');
    }
  };

  const tick = (): Promise<void> => (current.type === 'master' ? renew(current.epoch) : contend());
  let running: Promise<void> = tick();
  await running;
  /** The fencing check runs on its own timer, so a renewal stuck in Redis cannot delay it. */
  const fence = setInterval(() => {
    if (current.type === 'master' && now() - lastRenewedAt >= fenceAfterMs) {
      log.warn({ epoch: current.epoch, sinceRenewalMs: Math.round(now() - lastRenewedAt) }, 'HA: no lease renewal in time; standing down');
      change({ type: 'slave', masterNodeName: undefined });
    }
  }, Math.max(10, Math.floor(renewEveryMs / 2)));
  fence.unref();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = tick().finally(() => {
      busy = false;
    });
  }, renewEveryMs);
  timer.unref();

  return {
    role: () => current,
    sinceLastAnswerMs: () => now() - lastAnswerAt,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async handOver(target) {
      await running;
      if (current.type !== 'master') return;
      await redis.eval(HANDOVER_SCRIPT, 3, keys.master, keys.epoch, keys.handover, nodeName, target, String(Math.max(5_000, ttlMs * 4)));
      change({ type: 'slave', masterNodeName: target });
    },
    async close() {
      clearInterval(timer);
      clearInterval(fence);
      await running.catch(() => undefined);
      const held = current.type === 'master';
      closed = true;
      listeners.clear();
      if (held) await within(redis.eval(RELEASE_SCRIPT, 1, keys.master, nodeName), 1_000).catch((error: unknown) => log.warn({ err: error }, 'HA: lease not released'));
    },
  };
}
