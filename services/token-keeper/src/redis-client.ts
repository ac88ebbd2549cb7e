import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { preferCompactRecords } from './redis-encoding.ts';

/** Longest wait between two reconnect attempts (ms). */
export const REDIS_RECONNECT_MAX_MS = 2000;

/**
 * The Redis client token-keeper runs on: connects when asked (`connect()`), reconnects for ever with a capped
 * backoff, logs every connection error (an `error` event without a listener is printed raw, unredacted), and
 * asks for compact record hashes (redis-encoding.ts).
 */
export function createRedisClient(url: string, deps: { logger: Logger }): Redis {
  const logger = deps.logger.child({ component: 'redis' });
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_RECONNECT_MAX_MS),
  });
  redis.on('error', (err: Error) => logger.error({ err }, 'redis connection error'));
  // On every (re)connect: a restarted Redis starts again from its configuration file.
  redis.on('ready', () => void preferCompactRecords(redis, logger));
  return redis;
}
