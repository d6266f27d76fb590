/**
 * Writes the master's call replicas to Redis and reads them back on the node that takes over.
 *
 * @remarks
 * Replicas live in one hash, `<prefix>ha:calls`, one field per call. A change marks the call; the
 * marked calls are written together at the next flush (a few milliseconds later), so a burst of
 * transitions costs one round trip and the latest state wins. Every write is fenced: the script
 * writes only while `<prefix>ha:epoch` still equals the writer's epoch, so a master that has been
 * replaced can never overwrite what the new one wrote. A periodic pass also rewrites calls whose
 * replica changed without a transition (the media worker's stream state, a session refresh's CSeq).
 */
import type { Redis } from 'ioredis';
import { readCallReplica, type CallReplica } from '../calls/call-replica.ts';
import type { CallReplicationSink } from '../calls/call-replicas.ts';
import { leaseKeys } from './master-lease.ts';

/** Writes only under the current epoch; ARGV: epoch, then triples (op, field, value). */
const FENCED_WRITE_SCRIPT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local written = 0
for index = 2, #ARGV, 3 do
  if ARGV[index] == 'S' then redis.call('HSET', KEYS[2], ARGV[index + 1], ARGV[index + 2])
  else redis.call('HDEL', KEYS[2], ARGV[index + 1]) end
  written = written + 1
end
return written`;

/** The hash of call replicas under a prefix. */
export function callReplicasKey(keyPrefix: string): string {
  return `${keyPrefix}ha:calls`;
}

export interface CallReplicatorOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly replicaOf: (callId: string) => CallReplica | undefined;
  readonly callIds: () => readonly string[];
  readonly log: { warn(fields: Record<string, unknown>, message: string): void };
  /** How long changes are gathered before a write (default 5 ms). */
  readonly flushDelayMs?: number;
  /** How often every call is checked for a changed replica (default 500 ms). */
  readonly refreshEveryMs?: number;
}

export interface CallReplicator extends CallReplicationSink {
  /** Starts writing under `epoch`. */
  start(epoch: number): void;
  /** Stops writing (the node is no longer master); nothing more is sent. */
  stop(): void;
  /** Writes what is marked now; resolves when Redis answered. False when fenced out or failed. */
  flush(): Promise<boolean>;
  /**
   * A master's last word before it hands its calls over: takes every call's replica as it is at
   * this instant (synchronously, so that nothing the node does after the call is in them), stops,
   * and resolves once they are written (false when fenced out, failed or not started).
   */
  writeFinal(): Promise<boolean>;
}

export function createCallReplicator(options: CallReplicatorOptions): CallReplicator {
  const keys = leaseKeys(options.keyPrefix);
  const hash = callReplicasKey(options.keyPrefix);
  const marked = new Map<string, 'write' | 'delete'>();
  const lastWritten = new Map<string, string>();
  let epoch: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let refresher: NodeJS.Timeout | undefined;
  let writing: Promise<boolean> = Promise.resolve(true);

  const schedule = (): void => {
    if (epoch === undefined || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.flushDelayMs ?? 5);
  };

  const writeBatch = async (): Promise<boolean> => {
    if (epoch === undefined || marked.size === 0) return true;
    const args: string[] = [String(epoch)];
    for (const [callId, op] of marked) {
      const replica = op === 'write' ? options.replicaOf(callId) : undefined;
      if (replica === undefined) {
        args.push('D', callId, '');
        lastWritten.delete(callId);
        continue;
      }
      const { writtenAtMs: _writtenAtMs, ...stable } = replica;
      const fingerprint = JSON.stringify(stable);
      if (lastWritten.get(callId) === fingerprint) continue;
      lastWritten.set(callId, fingerprint);
      args.push('S', callId, JSON.stringify(replica));
    }
    marked.clear();
    return writeFenced(args);
  };

  /** Runs the fenced write of `args` (the epoch, then triples). */
  const writeFenced = async (args: readonly string[]): Promise<boolean> => {
    if (args.length === 1) return true;
    try {
      const written = Number(await options.redis.eval(FENCED_WRITE_SCRIPT, 2, keys.epoch, hash, ...args));
      if (written >= 0) return true;
      options.log.warn({ epoch: args[0] }, 'HA: call replicas refused: another node holds a newer epoch');
      return false;
    } catch (error) {
      options.log.warn({ err: error }, 'HA: call replicas not written');
      lastWritten.clear();
      return false;
    }
  };

  const flush = (): Promise<boolean> => {
    writing = writing.then(writeBatch, writeBatch);
    return writing;
  };

  const stop = (): void => {
    epoch = undefined;
    if (timer !== undefined) clearTimeout(timer);
    if (refresher !== undefined) clearInterval(refresher);
    timer = undefined;
    refresher = undefined;
    marked.clear();
  };

  return {
    changed(callId) {
      if (marked.get(callId) !== 'delete') marked.set(callId, 'write');
      schedule();
    },
    ended(callId) {
      marked.set(callId, 'delete');
      schedule();
    },
    start(next) {
      epoch = next;
      lastWritten.clear();
      for (const callId of options.callIds()) marked.set(callId, 'write');
      schedule();
      refresher = setInterval(() => {
        for (const callId of options.callIds()) if (!marked.has(callId)) marked.set(callId, 'write');
        schedule();
      }, options.refreshEveryMs ?? 500);
      refresher.unref();
    },
    stop,
    flush,
    writeFinal() {
      if (epoch === undefined) return Promise.resolve(false);
      const args: string[] = [String(epoch)];
      const live = new Set(options.callIds());
      for (const callId of live) {
        const replica = options.replicaOf(callId);
        args.push(...(replica === undefined ? ['D', callId, ''] : ['S', callId, JSON.stringify(replica)]));
      }
      for (const [callId, op] of marked) if (op === 'delete' && !live.has(callId)) args.push('D', callId, '');
      stop();
      // After any write still under way: the last word is written last.
      const final = writing.then(() => writeFenced(args), () => writeFenced(args));
      writing = final;
      return final;
    },
  };
}

/** The replicas in Redis, and the fields that could not be read (each with why). */
export async function loadCallReplicas(redis: Redis, keyPrefix: string): Promise<{ readonly replicas: readonly CallReplica[]; readonly unreadable: readonly { readonly callId: string; readonly detail: string }[] }> {
  const entries = await redis.hgetall(callReplicasKey(keyPrefix));
  const replicas: CallReplica[] = [];
  const unreadable: { callId: string; detail: string }[] = [];
  for (const [callId, text] of Object.entries(entries)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      unreadable.push({ callId, detail: 'not JSON' });
      continue;
    }
    const read = readCallReplica(parsed);
    if (read.type === 'ok') replicas.push(read.replica);
    else unreadable.push({ callId, detail: read.detail });
  }
  return { replicas, unreadable };
}
