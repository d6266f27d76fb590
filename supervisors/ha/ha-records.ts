/**
 * What the nodes of a cluster publish about themselves in Redis: a heartbeat per node
 * (`<prefix>ha:nodes`, for the status and the console) and the record of the last takeover
 * (`<prefix>ha:takeover`).
 */
import type { Redis } from 'ioredis';
import type { HaNodeView } from '../../api/index.ts';

/** What a master wrote when it took over. */
export interface TakeoverRecord {
  readonly node: string;
  readonly epoch: number;
  readonly atMs: number;
  readonly resumedCalls: number;
  readonly endedCalls: number;
  readonly durationMs: number;
}

/** A node's heartbeat. */
export interface Heartbeat extends HaNodeView {
  readonly atMs: number;
}

export function writeHeartbeat(redis: Redis, keyPrefix: string, heartbeat: Heartbeat): Promise<unknown> {
  return redis.hset(`${keyPrefix}ha:nodes`, heartbeat.name, JSON.stringify(heartbeat));
}

/** The nodes whose heartbeat is younger than `freshMs`. */
export async function readNodes(redis: Redis, keyPrefix: string, freshMs: number): Promise<HaNodeView[]> {
  const entries = await redis.hgetall(`${keyPrefix}ha:nodes`);
  const nodes: HaNodeView[] = [];
  for (const text of Object.values(entries)) {
    try {
      const beat = JSON.parse(text) as Partial<Heartbeat>;
      if (typeof beat.name !== 'string' || typeof beat.atMs !== 'number' || Date.now() - beat.atMs > freshMs) continue;
      const role = beat.role === 'master' || beat.role === 'slave' ? beat.role : 'standalone';
      nodes.push({ name: beat.name, role, ...(typeof beat.epoch === 'number' ? { epoch: beat.epoch } : {}), calls: typeof beat.calls === 'number' ? beat.calls : 0 });
    } catch {
      continue;
    }
  }
  return nodes.sort((left, right) => left.name.localeCompare(right.name));
}

/** Records a takeover (the status's last failover; a switchover waits for its target's record). */
export function writeTakeover(redis: Redis, keyPrefix: string, record: TakeoverRecord): Promise<unknown> {
  return redis.set(`${keyPrefix}ha:takeover`, JSON.stringify(record));
}

/** The last takeover, if any; an unreadable record counts as none. */
export async function readTakeover(redis: Redis, keyPrefix: string): Promise<TakeoverRecord | undefined> {
  const text = await redis.get(`${keyPrefix}ha:takeover`);
  if (text === null) return undefined;
  try {
    const record = JSON.parse(text) as TakeoverRecord;
    return typeof record.epoch === 'number' && typeof record.atMs === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}
