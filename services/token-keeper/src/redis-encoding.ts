import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Largest hash value Redis keeps in a compact listpack. A record's values are the token part's JSON (about
 * 800 bytes with a 350-character LinkedIn token) and the sealed refresh token (about 520): above Redis's
 * default of 64, so every record would be a hash table (about 700 bytes more per connection, ~2.6 KB in all).
 */
export const RECORD_LISTPACK_VALUE_BYTES = 4096;

/**
 * Raises `hash-max-listpack-value` to `RECORD_LISTPACK_VALUE_BYTES` when Redis has it lower. Redis applies it
 * to hashes written from then on (and to all of them when it loads its data at start), so a deployment should
 * also set it in the Redis configuration; a Redis that refuses `CONFIG SET` (managed services) keeps working,
 * with the larger records, and the log says why.
 */
export async function preferCompactRecords(redis: Redis, logger: Logger): Promise<void> {
  try {
    const [, current] = (await redis.config('GET', 'hash-max-listpack-value')) as [string?, string?];
    if (Number(current) >= RECORD_LISTPACK_VALUE_BYTES) return;
    await redis.config('SET', 'hash-max-listpack-value', String(RECORD_LISTPACK_VALUE_BYTES));
    logger.info(
      { from: Number(current), to: RECORD_LISTPACK_VALUE_BYTES },
      'raised hash-max-listpack-value: connection records are stored as listpacks',
    );
  } catch (error) {
    logger.warn(
      { err: error, wanted: RECORD_LISTPACK_VALUE_BYTES },
      'cannot raise hash-max-listpack-value (set it in the Redis configuration): records take ~0.7 KB more',
    );
  }
}
