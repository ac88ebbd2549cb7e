import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type RedisScript = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/** A Lua script run by its SHA (EVALSHA); loaded once (SCRIPT LOAD) when the server does not know it yet. */
export function createRedisScript(redis: Redis, lua: string): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  let loading: Promise<unknown> | undefined;
  return async (keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      loading ??= redis.script('LOAD', lua).finally(() => (loading = undefined));
      await loading;
      return redis.evalsha(sha, keys.length, ...keys, ...args);
    }
  };
}
