import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by its SHA-1, loaded on demand. */
export interface RedisScript {
  readonly sha: string;
  /** Runs the script atomically; sends the source once if the server does not know it yet. */
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
  /** Makes sure the server holds the script, e.g. before pipelining EVALSHA calls. */
  load(redis: Redis): Promise<void>;
}

/**
 * Wraps a Lua script so that calls send only its SHA-1 (EVALSHA) and fall back to EVAL once when
 * the server answers NOSCRIPT (first use, or after a restart or SCRIPT FLUSH).
 *
 * @remarks A script runs atomically on the server: no other command runs in between
 * (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/). The NOSCRIPT test
 * reads the error code Redis puts first in its error reply, which is part of its protocol.
 */
export function defineRedisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    sha,
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!isNoScriptError(error)) throw error;
        return await redis.eval(source, keys.length, ...keys, ...args);
      }
    },
    async load(redis) {
      await redis.script('LOAD', source);
    },
  };
}

function isNoScriptError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
