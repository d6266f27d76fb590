/**
 * A node's heartbeat in a cluster: every second, its role, load and health written to
 * `<prefix>ha:nodes` (see ha-records.ts), never two writes at once. It also answers how the node
 * sees itself now, for the status of a node that sends none (standalone) or cannot (Redis down).
 */
import type { Redis } from 'ioredis';
import type { HaNodeView, NodeLoadView } from '../../api/index.ts';
import type { HaRole } from './ha-role.ts';
import { writeHeartbeat } from './ha-records.ts';
import { nodeHealth } from './node-health.ts';
import type { LoadSampler } from './node-load.ts';

/** How often a node writes its heartbeat; one older than three of these is a node gone. */
export const HEARTBEAT_MS = 1_000;
/** A store check that takes longer counts as unreachable (the heartbeat must not wait for it). */
const STORE_CHECK_MS = 800;
const EMPTY_LOAD: NodeLoadView = { calls: 0, actors: {}, media: { readyWorkers: 0, workers: 0, sessions: 0, sessionsPerWorker: [] }, cpuPercent: 0, memory: { rssBytes: 0, heapUsedBytes: 0, heapTotalBytes: 0 }, uptimeS: 0 };

export interface NodeHeartbeatOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly nodeName: string;
  readonly role: () => HaRole;
  readonly calls: () => number;
  readonly load?: LoadSampler;
  readonly storeReachable?: () => Promise<boolean>;
  /** Milliseconds since Redis last answered the lease; undefined while the node takes no part in it. */
  readonly leaseSilentMs: () => number | undefined;
  readonly leaseTtlMs: number;
}

export interface NodeHeartbeat {
  start(): void;
  stop(): void;
  /** This node as its last heartbeat showed it; undefined before the first one. */
  last(): HaNodeView | undefined;
  /** This node as it sees itself now (samples its load). */
  sample(): Promise<HaNodeView>;
}

export function createNodeHeartbeat(options: NodeHeartbeatOptions): NodeHeartbeat {
  let timer: NodeJS.Timeout | undefined;
  let last: HaNodeView | undefined;
  let beating = false;

  const sample = async (): Promise<HaNodeView> => {
    const load = options.load?.sample() ?? { ...EMPTY_LOAD, calls: options.calls() };
    const storeReachable = options.storeReachable === undefined ? undefined : await answersWithin(options.storeReachable(), STORE_CHECK_MS);
    const health = nodeHealth({ leaseSilentMs: options.leaseSilentMs(), leaseTtlMs: options.leaseTtlMs, storeReachable, load });
    const role = options.role();
    return { name: options.nodeName, role: role.type, ...(role.type === 'master' ? { epoch: role.epoch } : {}), calls: options.calls(), health, load };
  };

  const beat = async (): Promise<void> => {
    if (beating) return;
    beating = true;
    try {
      last = await sample();
      await writeHeartbeat(options.redis, options.keyPrefix, { ...last, atMs: Date.now() });
    } finally {
      beating = false;
    }
  };

  return {
    start() {
      if (timer !== undefined) return;
      timer = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS);
      timer.unref();
      void beat().catch(() => undefined);
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    last: () => last,
    sample,
  };
}

/** Whether `check` resolved true within `ms`. */
function answersWithin(check: Promise<boolean>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    check.then((ok) => {
      clearTimeout(timer);
      resolve(ok);
    }, () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}
