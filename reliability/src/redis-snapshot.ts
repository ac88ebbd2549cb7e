// Every key of a Redis database with its type, value and absolute expiry, so two moments can be compared
// (e.g. before and after a crash and restart of redis-server).
import type { Redis } from 'ioredis';

/** key → `type|expire-at-ms|value`, the value serialised in a stable order. */
export type RedisSnapshot = Map<string, string>;

async function valueOf(redis: Redis, key: string, type: string): Promise<unknown> {
  switch (type) {
    case 'string':
      return redis.get(key);
    case 'hash':
      return Object.entries(await redis.hgetall(key)).sort(([a], [b]) => a.localeCompare(b));
    case 'zset':
      return redis.zrange(key, '0', '-1', 'WITHSCORES');
    case 'set':
      return (await redis.smembers(key)).sort();
    case 'list':
      return redis.lrange(key, '0', '-1');
    default:
      return `(${type})`;
  }
}

export async function snapshotRedis(redis: Redis): Promise<RedisSnapshot> {
  const snapshot: RedisSnapshot = new Map();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      const expireAt = (await redis.call('PEXPIRETIME', key)) as number;
      snapshot.set(key, `${type}|${expireAt}|${JSON.stringify(await valueOf(redis, key, type))}`);
    }
  } while (cursor !== '0');
  return snapshot;
}

export interface SnapshotDiff {
  missing: string[];
  changed: string[];
  added: string[];
}

export function diffSnapshots(before: RedisSnapshot, after: RedisSnapshot): SnapshotDiff {
  const diff: SnapshotDiff = { missing: [], changed: [], added: [] };
  for (const [key, value] of before) {
    const now = after.get(key);
    if (now === undefined) diff.missing.push(key);
    else if (now !== value) diff.changed.push(key);
  }
  for (const key of after.keys()) if (!before.has(key)) diff.added.push(key);
  return diff;
}
