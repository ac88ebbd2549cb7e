import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `604800,86400`: offsets before a deadline, in seconds; returned longest first, in milliseconds. */
const offsetList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const parts = value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      const numbers = parts.map(Number);
      if (numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated positive whole seconds' });
        return z.NEVER;
      }
      return [...new Set(numbers)].sort((a, b) => b - a).map((n) => n * 1000);
    });

const DAY = 24 * 3600;

const schema = z
  .object({
    NATS_URL: env.natsUrl,
    REDIS_URL: env.redisUrl,
    TOKEN_ENCRYPTION_KEYS: env.tokenEncryptionKeys,
    PORT: env.port(8081),
    /** Operator endpoints (`/metrics`): a port the public Service never exposes. */
    METRICS_PORT: env.port(9081),
    LOG_LEVEL: env.logLevel,
    STREAM_REPLICAS: env.streamReplicas,
    REFRESH_LEAD_SECONDS: seconds(7 * DAY),
    REFRESH_RETRY_SECONDS: seconds(15 * 60),
    REFRESH_RETRY_MAX_SECONDS: seconds(6 * 3600),
    EXPIRY_NOTICES_SECONDS: offsetList(`${7 * DAY},${DAY}`),
    REFRESH_TOKEN_NOTICES_SECONDS: offsetList(`${30 * DAY},${7 * DAY}`),
    SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
    SCHEDULER_BATCH: z.coerce.number().int().min(1).max(2000).default(500),
    SCHEDULER_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
    CENSUS_INTERVAL_MS: z.coerce.number().int().min(100).default(300_000),
  })
  .transform((e) => ({
    natsUrl: e.NATS_URL,
    redisUrl: e.REDIS_URL,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    streamReplicas: e.STREAM_REPLICAS,
    policy: {
      refreshLeadMs: e.REFRESH_LEAD_SECONDS * 1000,
      refreshRetryMs: e.REFRESH_RETRY_SECONDS * 1000,
      refreshRetryMaxMs: e.REFRESH_RETRY_MAX_SECONDS * 1000,
      expiryNoticesMs: e.EXPIRY_NOTICES_SECONDS,
      refreshTokenNoticesMs: e.REFRESH_TOKEN_NOTICES_SECONDS,
    },
    scheduler: {
      intervalMs: e.SCHEDULER_INTERVAL_MS,
      batchSize: e.SCHEDULER_BATCH,
      leaseMs: e.SCHEDULER_LEASE_MS,
    },
    censusIntervalMs: e.CENSUS_INTERVAL_MS,
  }));

export type KeeperConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): KeeperConfig {
  return parseConfig(schema, source);
}
