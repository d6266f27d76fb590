/**
 * The replicas of the contact center's queue and agent actors in Redis (DESIGN §9: "actors
 * replicate snapshots to Redis on every stable transition"), written under the owner's fencing
 * epoch and read back by the next owner.
 *
 * @remarks
 * Every actor's last stable snapshot is a field of the hash `<prefix>contact-center:replicas`
 * (field `queue-<id>` or `agent-<id>`, value the JSON of its `ActorSnapshot`, timers as deadlines).
 * A Lua script writes a batch only while the fencing key still holds the writer's epoch, so an
 * owner that lost the contact center can never overwrite what the next one wrote (the next owner
 * changed the key when it took over). Writes are coalesced: what an actor replicates while a batch
 * is in flight waits for the next batch, only its latest snapshot is kept, and a batch leaves at
 * the next turn of the event loop; at most one batch is in flight, so an actor has at most one
 * write in flight and they land in order. A batch that fails (Redis unreachable) is tried again
 * after a growing pause; one refused by the fence stops the writer for good.
 */
import type { Redis } from 'ioredis';
import { readActorSnapshot, type ActorSnapshot } from '../../actors/index.ts';

/** Writes one batch of fields (value '' deletes the field) while `KEYS[1]` holds the epoch `ARGV[1]`; answers 1, or 0 when fenced. */
const WRITE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then redis.call('HDEL', KEYS[2], ARGV[i]) else redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
end
return 1`;

/** The first pause after a failed batch; each next one doubles, up to {@link REPLICA_RETRY_MAX_MS}. */
export const REPLICA_RETRY_MS = 100;
export const REPLICA_RETRY_MAX_MS = 2_000;

/** Where an owner writes its actors' replicas. */
export interface ReplicaWriter {
  /** Replicates the actor `key`'s snapshot (the latest one given before the next batch wins). */
  put(key: string, snapshot: ActorSnapshot): void;
  /** Deletes the actor `key`'s replica (the actor was removed from the configuration). */
  remove(key: string): void;
  /** Resolves once everything given so far is written, refused by the fence, or the writer closed. */
  flushed(): Promise<void>;
  /** Whether the fence refused a batch: another owner took the contact center over. */
  fenced(): boolean;
  /** Writes what is pending (one attempt) and stops. */
  close(): Promise<void>;
}

/** The replicas of one installation. */
export interface ContactCenterReplicas {
  /** The readable replicas by actor key; unreadable ones are left out (and logged). */
  load(): Promise<ReadonlyMap<string, ActorSnapshot>>;
  /** A writer fenced by `epoch`. */
  writer(epoch: number): ReplicaWriter;
}

export interface ReplicaLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RedisReplicasOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  /** The key holding the epoch of the current owner (the lease's epoch key). */
  readonly epochKey: string;
  readonly log: ReplicaLog;
  readonly retryMs?: number;
}

/** The hash holding the replicas of an installation's contact center. */
export function replicasKey(keyPrefix: string): string {
  return `${keyPrefix}contact-center:replicas`;
}

/** Replicas in Redis. */
export function createRedisReplicas(options: RedisReplicasOptions): ContactCenterReplicas {
  const { redis, log } = options;
  const hashKey = replicasKey(options.keyPrefix);
  return {
    async load() {
      const fields = await redis.hgetall(hashKey);
      const restored = new Map<string, ActorSnapshot>();
      for (const [key, text] of Object.entries(fields)) {
        const read = parseReplica(text);
        if (read.type === 'snapshot') restored.set(key, read.snapshot);
        else log.warn({ key, detail: read.detail }, 'contact-center replica unreadable: left out');
      }
      return restored;
    },
    writer: (epoch) => createFencedWriter({ redis, hashKey, epochKey: options.epochKey, epoch, log, retryMs: options.retryMs ?? REPLICA_RETRY_MS }),
  };
}

/** A node without Redis keeps no replica. */
export function createNoReplicas(): ContactCenterReplicas {
  const writer: ReplicaWriter = { put: () => undefined, remove: () => undefined, flushed: () => Promise.resolve(), fenced: () => false, close: () => Promise.resolve() };
  return { load: () => Promise.resolve(new Map()), writer: () => writer };
}

function parseReplica(text: string): ReturnType<typeof readActorSnapshot> {
  try {
    return readActorSnapshot(JSON.parse(text));
  } catch (error) {
    return { type: 'error', code: 'PBX_ERR_ACTOR_SNAPSHOT_INVALID', detail: error instanceof Error ? error.message : String(error) };
  }
}

interface FencedWriterOptions {
  readonly redis: Redis;
  readonly hashKey: string;
  readonly epochKey: string;
  readonly epoch: number;
  readonly log: ReplicaLog;
  readonly retryMs: number;
}

function createFencedWriter(options: FencedWriterOptions): ReplicaWriter {
  const { redis, log } = options;
  /** Field → JSON, or '' to delete: what the next batch writes. */
  const pending = new Map<string, string>();
  let running: Promise<void> | undefined;
  let isFenced = false;
  let closed = false;

  const writeBatch = async (batch: ReadonlyMap<string, string>): Promise<'written' | 'fenced'> => {
    const written = await redis.eval(WRITE_SCRIPT, 2, options.epochKey, options.hashKey, String(options.epoch), ...[...batch].flat());
    return written === 1 ? 'written' : 'fenced';
  };
  /** Writes batches until nothing is pending; one at a time. */
  const drain = async (): Promise<void> => {
    await new Promise((resolve) => setImmediate(resolve));
    let pauseMs = options.retryMs;
    while (pending.size > 0 && !isFenced) {
      const batch = new Map(pending);
      pending.clear();
      try {
        if ((await writeBatch(batch)) === 'fenced') {
          isFenced = true;
          pending.clear();
          log.warn({ epoch: options.epoch }, 'contact-center replicas refused: another node owns the contact center');
        }
        pauseMs = options.retryMs;
      } catch (error) {
        // What was replicated meanwhile is newer than the batch: it wins.
        for (const [key, value] of batch) if (!pending.has(key)) pending.set(key, value);
        if (closed) return log.warn({ err: error, pending: pending.size }, 'contact-center replicas not written at close');
        log.warn({ err: error, pauseMs }, 'contact-center replicas not written; trying again');
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        pauseMs = Math.min(pauseMs * 2, REPLICA_RETRY_MAX_MS);
      }
    }
  };
  /** Starts a drain unless one runs (what is given while one ends starts the next). */
  const kick = (): void => {
    running ??= drain().finally(() => {
      running = undefined;
      if (pending.size > 0 && !isFenced && !closed) kick();
    });
  };
  const schedule = (key: string, value: string): void => {
    if (isFenced || closed) return;
    pending.set(key, value);
    kick();
  };

  return {
    put: (key, snapshot) => schedule(key, JSON.stringify(snapshot)),
    remove: (key) => schedule(key, ''),
    async flushed() {
      while (running !== undefined) await running;
    },
    fenced: () => isFenced,
    async close() {
      closed = true;
      while (running !== undefined) await running;
    },
  };
}
