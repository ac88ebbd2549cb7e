import type { Redis } from 'ioredis';
import type { TokenRecord } from './token-record.ts';
import type { PutOutcome, TokenStore } from './token-store.ts';

/**
 * KEYS[1] record hash, KEYS[2] tenant set; ARGV version, json, expire-at (ms), connectionId.
 * Writes only when the new version is greater than the stored one, atomically.
 */
const PUT_IF_NEWER = `
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '-1')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'record', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
return 1
`;

/** A record outlives the later of its tokens by this long, so status reads keep working. */
const RETENTION_AFTER_EXPIRY_MS = 30 * 24 * 3600 * 1000;

export function createRedisTokenStore({
  redis,
  prefix = 'tk',
}: {
  redis: Redis;
  prefix?: string;
}): TokenStore {
  const recordKey = (id: string) => `${prefix}:conn:{${id}}`;
  const tenantKey = (tenant: string) => `${prefix}:tenant:${tenant}`;
  const parse = (json: string | null) => (json ? (JSON.parse(json) as TokenRecord) : null);

  return {
    async put(record) {
      const lastExpiry = Math.max(
        Date.parse(record.accessTokenExpiresAt),
        record.refreshTokenExpiresAt ? Date.parse(record.refreshTokenExpiresAt) : 0,
      );
      const written = await redis.eval(
        PUT_IF_NEWER,
        2,
        recordKey(record.connectionId),
        tenantKey(record.tenantId),
        String(record.version),
        JSON.stringify(record),
        String(lastExpiry + RETENTION_AFTER_EXPIRY_MS),
        record.connectionId,
      );
      return (written === 1 ? 'stored' : 'stale') satisfies PutOutcome;
    },
    async get(connectionId) {
      return parse(await redis.hget(recordKey(connectionId), 'record'));
    },
    async listByTenant(tenantId) {
      const ids = await redis.smembers(tenantKey(tenantId));
      const records = await Promise.all(ids.map((id) => redis.hget(recordKey(id), 'record')));
      return records.map(parse).filter((record): record is TokenRecord => record !== null);
    },
  };
}
