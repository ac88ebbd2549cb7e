import type { Redis } from 'ioredis';
import { hashFromFlat, recordFromHash } from './record-fields.ts';
import { createRedisKeys } from './redis-keys.ts';
import { createRedisScript } from './redis-script.ts';
import type { TokenRecord } from './token-record.ts';
import { WRITE_STATUS, WRITE_TOKENS } from './token-scripts.ts';
import type { StatusOutcome, TokenStore, WriteOutcome } from './token-store.ts';

/** A record outlives the later of its tokens by this long, so status reads keep working. */
export const RETENTION_AFTER_EXPIRY_MS = 30 * 24 * 3600 * 1000;

const WRITE_OUTCOMES: Record<number, WriteOutcome> = { 0: 'stale', 1: 'stored', 2: 'merged' };
const STATUS_OUTCOMES: Record<number, StatusOutcome> = { [-1]: 'unknown', 0: 'stale', 1: 'stored' };

export function createRedisTokenStore({
  redis,
  prefix = 'tk',
  retentionMs = RETENTION_AFTER_EXPIRY_MS,
}: {
  redis: Redis;
  prefix?: string;
  retentionMs?: number;
}): TokenStore {
  const keys = createRedisKeys(prefix);
  const writeTokens = createRedisScript(redis, WRITE_TOKENS);
  const writeStatus = createRedisScript(redis, WRITE_STATUS);
  const read = async (id: string) => recordFromHash(await redis.hgetall(keys.record(id)));

  return {
    async writeTokens(write, now) {
      const id = write.part.connectionId;
      const reply = (await writeTokens(
        [keys.record(id), keys.tenant(write.part.tenantId), keys.schedule, keys.leases],
        [
          write.version,
          JSON.stringify(write.part),
          write.accessExpiresAtMs,
          write.refreshToken ?? '',
          write.refreshExpiresAtMs ?? '',
          write.kind,
          id,
          retentionMs,
          now,
        ],
      )) as [number, unknown[]?];
      const outcome = WRITE_OUTCOMES[reply[0]] ?? 'stale';
      const record = reply[1] ? recordFromHash(hashFromFlat(reply[1])) : null;
      return { outcome, record };
    },
    async writeStatus(change) {
      const reply = (await writeStatus(
        [keys.record(change.connectionId), keys.schedule],
        [change.status, change.version, change.connectionId],
      )) as number;
      return STATUS_OUTCOMES[reply] ?? 'stale';
    },
    get: read,
    async getMany(ids) {
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.record(id));
      const replies = (await pipeline.exec()) ?? [];
      return replies.map(([error, hash]) => {
        if (error) throw error;
        return recordFromHash(hash as Record<string, string>);
      });
    },
    async listByTenant(tenantId) {
      const ids = await redis.smembers(keys.tenant(tenantId));
      const records = await Promise.all(ids.map(read));
      return records.filter((record): record is TokenRecord => record?.tenantId === tenantId);
    },
    async scan(cursor, count) {
      const [next, found] = await redis.scan(cursor, 'MATCH', keys.recordPattern, 'COUNT', count);
      const pipeline = redis.pipeline();
      for (const key of found) pipeline.hgetall(key);
      const hashes = ((await pipeline.exec()) ?? []).map(
        ([, hash]) => (hash ?? {}) as Record<string, string>,
      );
      const records = hashes.map(recordFromHash).filter((record): record is TokenRecord => record !== null);
      return { cursor: next, records };
    },
  };
}
