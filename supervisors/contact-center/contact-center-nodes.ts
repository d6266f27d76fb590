/**
 * The live nodes of a cluster as the contact center knows them: each node writes its link id
 * (the node's id on the cluster bus) and its name to `<prefix>contact-center:nodes` every second;
 * a node whose entry is older than three of these is gone. A planned move of the contact center
 * names its target by node name (as the console shows it) and reaches it by link id.
 *
 * @remarks
 * Without Redis (one node) the node alone is live. An HA cluster has its own heartbeats
 * (`ha:nodes`, by node name); this one exists because a cluster without HA roles has none.
 */
import type { Redis } from 'ioredis';

/** How often a node writes its entry; one older than three of these is a node gone. */
export const NODE_ENTRY_EVERY_MS = 1_000;

/** A live node: its id on the contact-center link and its name. */
export interface LiveNode {
  readonly nodeId: string;
  readonly name: string;
}

export interface NodeDirectory {
  /** The live nodes, this one among them, by name. */
  live(): Promise<readonly LiveNode[]>;
  close(): Promise<void>;
}

export interface NodeDirectoryLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The directory of a node on its own: itself. */
export function createLocalNodeDirectory(self: LiveNode): NodeDirectory {
  return { live: () => Promise.resolve([self]), close: () => Promise.resolve() };
}

/** Starts writing this node's entry; resolves once the first one is written (or failed). */
export async function createRedisNodeDirectory(options: { readonly redis: Redis; readonly keyPrefix: string; readonly self: LiveNode; readonly log: NodeDirectoryLog; readonly everyMs?: number }): Promise<NodeDirectory> {
  const { redis, self, log } = options;
  const key = `${options.keyPrefix}contact-center:nodes`;
  const everyMs = options.everyMs ?? NODE_ENTRY_EVERY_MS;
  const write = (): Promise<void> => redis.hset(key, self.nodeId, JSON.stringify({ name: self.name, atMs: Date.now() })).then(() => undefined, (error: unknown) => log.warn({ err: error }, 'contact-center node entry not written'));
  await write();
  const timer = setInterval(() => void write(), everyMs);
  timer.unref();
  return {
    async live() {
      const entries = await redis.hgetall(key);
      return liveNodesOf(entries, Date.now(), everyMs * 3);
    },
    async close() {
      clearInterval(timer);
      await redis.hdel(key, self.nodeId).catch(() => 0);
    },
  };
}

/** The entries younger than `freshMs` (unreadable ones left out), by name. */
export function liveNodesOf(entries: Readonly<Record<string, string>>, nowMs: number, freshMs: number): LiveNode[] {
  const nodes: LiveNode[] = [];
  for (const [nodeId, text] of Object.entries(entries)) {
    try {
      const entry = JSON.parse(text) as { name?: unknown; atMs?: unknown };
      if (typeof entry.name === 'string' && typeof entry.atMs === 'number' && nowMs - entry.atMs <= freshMs) nodes.push({ nodeId, name: entry.name });
    } catch {
      continue;
    }
  }
  return nodes.sort((left, right) => left.name.localeCompare(right.name) || left.nodeId.localeCompare(right.nodeId));
}
