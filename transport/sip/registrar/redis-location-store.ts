import type { Redis } from 'ioredis';
import type { Binding, BindingChange, ExpiredBinding } from './binding.ts';
import { decodeBinding, encodeBinding } from './binding-codec.ts';
import type { Clock, LocationStore } from './location-store.ts';
import { defineRedisScript } from './redis-script.ts';

/** Inputs of {@link createRedisLocationStore}. */
export interface RedisLocationStoreOptions {
  /** A connected ioredis client; the store never closes it. */
  readonly redis: Redis;
  /** Prepended to every key, so clusters and test runs keep their data apart (`parley:`). */
  readonly keyPrefix: string;
  readonly clock: Clock;
  /** How many expired bindings one round trip claims during a sweep; default 500. */
  readonly sweepBatchSize?: number;
}

/** KEYS: AOR hash, expiry index. ARGV: groups of (op, contact, member, encoded binding, expiry). */
const APPLY_SCRIPT = defineRedisScript(`
for i = 1, #ARGV, 5 do
  if ARGV[i] == 'upsert' then
    redis.call('HSET', KEYS[1], ARGV[i + 1], ARGV[i + 3])
    redis.call('ZADD', KEYS[2], ARGV[i + 4], ARGV[i + 2])
  else
    redis.call('HDEL', KEYS[1], ARGV[i + 1])
    redis.call('ZREM', KEYS[2], ARGV[i + 2])
  end
end
return redis.call('HVALS', KEYS[1])
`);

/** KEYS: AOR hash, expiry index. ARGV: the member prefix of the AOR. Returns the removed values. */
const REMOVE_ALL_SCRIPT = defineRedisScript(`
local entries = redis.call('HGETALL', KEYS[1])
local values = {}
for i = 1, #entries, 2 do
  redis.call('ZREM', KEYS[2], ARGV[1] .. entries[i])
  values[#values + 1] = entries[i + 1]
end
redis.call('DEL', KEYS[1])
return values
`);

/** KEYS: AOR hash, expiry index. ARGV: member, contact, now. Returns the value if still due. */
const CLAIM_EXPIRED_SCRIPT = defineRedisScript(`
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[3]) then return false end
redis.call('ZREM', KEYS[2], ARGV[1])
local value = redis.call('HGET', KEYS[1], ARGV[2])
if value then redis.call('HDEL', KEYS[1], ARGV[2]) end
return value
`);

/**
 * Creates a location store in Redis: a hash per AOR (contact → JSON binding) and one sorted set
 * indexing every binding by expiry.
 *
 * @remarks
 * Each write is one Lua script, so the hash and the index change together and a REGISTER's
 * changes are atomic as RFC 3261 §10.3 requires. The sweep reads due members from the index and
 * claims each with a script that re-checks its score, so of several nodes sweeping at once
 * exactly one reports each expiry, and a binding refreshed in between is left alone. An index
 * member is `<byte length of the AOR>:<AOR><contact>`, unambiguous whatever the two contain.
 * The keys of one AOR and the index live in different hash slots: on Redis Cluster, give the
 * prefix a hash tag (`{parley}:`) so the scripts' keys share a slot.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export function createRedisLocationStore(options: RedisLocationStoreOptions): LocationStore {
  const { redis, keyPrefix, clock } = options;
  const sweepBatchSize = options.sweepBatchSize ?? 500;
  const expiryKey = `${keyPrefix}expiry`;
  const hashKey = (aor: string | Buffer): Buffer => Buffer.concat([Buffer.from(`${keyPrefix}aor:`), toBytes(aor)]);

  const unexpired = (values: unknown): readonly Binding[] => {
    const nowMs = clock.now();
    return decodeAll(values).filter((binding) => binding.expiresAtMs > nowMs);
  };

  const claimBatch = async (nowMs: number): Promise<{ expired: ExpiredBinding[]; exhausted: boolean }> => {
    const members = await redis.zrangebyscoreBuffer(expiryKey, '-inf', nowMs, 'LIMIT', 0, sweepBatchSize);
    if (members.length === 0) return { expired: [], exhausted: true };
    await CLAIM_EXPIRED_SCRIPT.load(redis);
    const pipeline = redis.pipeline();
    for (const member of members) {
      // A member that does not split (written by something else) is still claimed, against an
      // empty key, so that it leaves the index instead of being read again at every sweep.
      const parts = splitMember(member) ?? { aor: Buffer.alloc(0), contact: Buffer.alloc(0) };
      pipeline.evalsha(CLAIM_EXPIRED_SCRIPT.sha, 2, hashKey(parts.aor), expiryKey, member, parts.contact, nowMs);
    }
    const results = (await pipeline.exec()) ?? [];
    const expired: ExpiredBinding[] = [];
    for (const [error, value] of results) {
      if (error !== null) throw error;
      const binding = typeof value === 'string' ? decodeBinding(value) : undefined;
      if (binding !== undefined) expired.push({ aor: binding.aor, binding });
    }
    return { expired, exhausted: members.length < sweepBatchSize };
  };

  return {
    async bindings(aor) {
      return unexpired(await redis.hvals(hashKey(aor)));
    },
    async apply(aor, changes) {
      const args = changes.flatMap((change) => changeArguments(aor, change));
      return unexpired(await APPLY_SCRIPT.run(redis, [hashKey(aor).toString(), expiryKey], args));
    },
    async removeAll(aor) {
      return decodeAll(await REMOVE_ALL_SCRIPT.run(redis, [hashKey(aor).toString(), expiryKey], [memberPrefix(aor)]));
    },
    async expireDue(nowMs) {
      const expired: ExpiredBinding[] = [];
      for (;;) {
        const batch = await claimBatch(nowMs);
        expired.push(...batch.expired);
        if (batch.exhausted) return expired;
      }
    },
    async close() {},
  };
}

function changeArguments(aor: string, change: BindingChange): (string | number)[] {
  switch (change.type) {
    case 'upsert': {
      const { binding } = change;
      if (binding.aor !== aor) throw new RangeError(`binding of ${binding.aor} applied to ${aor}`);
      return ['upsert', binding.contact, member(aor, binding.contact), encodeBinding(binding), binding.expiresAtMs];
    }
    case 'remove':
      return ['remove', change.contact, member(aor, change.contact), '', 0];
    default:
      return assertNever(change);
  }
}

function memberPrefix(aor: string): string {
  return `${Buffer.byteLength(aor, 'utf8')}:${aor}`;
}

function member(aor: string, contact: string): string {
  return memberPrefix(aor) + contact;
}

function splitMember(value: Buffer): { aor: Buffer; contact: Buffer } | undefined {
  const colon = value.indexOf(0x3a);
  const length = Number(value.subarray(0, colon).toString('latin1'));
  if (colon <= 0 || !Number.isSafeInteger(length) || colon + 1 + length > value.length) return undefined;
  return { aor: value.subarray(colon + 1, colon + 1 + length), contact: value.subarray(colon + 1 + length) };
}

function toBytes(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function decodeAll(values: unknown): Binding[] {
  if (!Array.isArray(values)) return [];
  return values.flatMap((value: unknown) => {
    const binding = typeof value === 'string' ? decodeBinding(value) : undefined;
    return binding === undefined ? [] : [binding];
  });
}

function assertNever(value: never): never {
  throw new Error(`unexpected change: ${JSON.stringify(value)}`);
}
