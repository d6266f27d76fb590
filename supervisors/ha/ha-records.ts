/**
 * What the nodes of a cluster publish about themselves in Redis: a heartbeat per node with its
 * load and health (`<prefix>ha:nodes`, for the status and the console), the drained marks
 * (`<prefix>ha:drained`), the record of the last takeover (`<prefix>ha:takeover`) and of the last
 * planned handover of a master, a switchover or a drain (`<prefix>ha:last-handover`).
 */
import type { Redis } from 'ioredis';
import type { HandoverRecord, HaNodeView, NodeHealthView, NodeLoadView } from '../../api/index.ts';

/** What a master wrote when it took over. */
export interface TakeoverRecord {
  readonly node: string;
  readonly epoch: number;
  readonly atMs: number;
  readonly resumedCalls: number;
  readonly endedCalls: number;
  /** Of the ended calls, those that were hanging up anyway (absent in older records). */
  readonly hangingUpCalls?: number;
  readonly durationMs: number;
}

/** A node's heartbeat. */
export interface Heartbeat extends HaNodeView {
  readonly atMs: number;
}

export function writeHeartbeat(redis: Redis, keyPrefix: string, heartbeat: Heartbeat): Promise<unknown> {
  return redis.hset(`${keyPrefix}ha:nodes`, heartbeat.name, JSON.stringify(heartbeat));
}

/** The nodes whose heartbeat is younger than `freshMs`, each with its drained mark. */
export async function readNodes(redis: Redis, keyPrefix: string, freshMs: number): Promise<HaNodeView[]> {
  const [entries, drained] = await Promise.all([redis.hgetall(`${keyPrefix}ha:nodes`), readDrained(redis, keyPrefix)]);
  const nodes: HaNodeView[] = [];
  for (const text of Object.values(entries)) {
    try {
      const beat = JSON.parse(text) as Partial<Heartbeat>;
      if (typeof beat.name !== 'string' || typeof beat.atMs !== 'number' || Date.now() - beat.atMs > freshMs) continue;
      const role = beat.role === 'master' || beat.role === 'slave' ? beat.role : 'standalone';
      nodes.push({
        name: beat.name, role, ...(typeof beat.epoch === 'number' ? { epoch: beat.epoch } : {}), calls: typeof beat.calls === 'number' ? beat.calls : 0,
        drained: drained.has(beat.name),
        ...(isHealth(beat.health) ? { health: beat.health } : {}),
        ...(isLoad(beat.load) ? { load: beat.load } : {}),
      });
    } catch {
      continue;
    }
  }
  return nodes.sort((left, right) => left.name.localeCompare(right.name));
}

function isHealth(value: unknown): value is NodeHealthView {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'ok') === 'boolean' && Array.isArray(Reflect.get(value, 'problems'));
}

function isLoad(value: unknown): value is NodeLoadView {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'cpuPercent') === 'number' && typeof Reflect.get(value, 'media') === 'object';
}

/** The names of the nodes marked drained. */
export async function readDrained(redis: Redis, keyPrefix: string): Promise<Set<string>> {
  return new Set(await redis.hkeys(`${keyPrefix}ha:drained`));
}

/** Marks a node drained (it keeps the mark across restarts, until undrained). */
export function markDrained(redis: Redis, keyPrefix: string, node: string, atMs: number): Promise<unknown> {
  return redis.hset(`${keyPrefix}ha:drained`, node, JSON.stringify({ atMs }));
}

/** Clears a node's drained mark; resolves whether it had one. */
export async function clearDrained(redis: Redis, keyPrefix: string, node: string): Promise<boolean> {
  return (await redis.hdel(`${keyPrefix}ha:drained`, node)) > 0;
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

/** Records a master's planned handover (switchover or drain), for whichever node the console reads it from next. */
export function writeHandover(redis: Redis, keyPrefix: string, record: HandoverRecord): Promise<unknown> {
  return redis.set(`${keyPrefix}ha:last-handover`, JSON.stringify(record));
}

/** The last planned handover of a master, if any; an unreadable record counts as none. */
export async function readHandover(redis: Redis, keyPrefix: string): Promise<HandoverRecord | undefined> {
  const text = await redis.get(`${keyPrefix}ha:last-handover`);
  if (text === null) return undefined;
  try {
    const record = JSON.parse(text) as HandoverRecord;
    return typeof record.node === 'string' && typeof record.fromEpoch === 'number' && typeof record.atMs === 'number' ? record : undefined;
  } catch {
    return undefined;
  }
}
