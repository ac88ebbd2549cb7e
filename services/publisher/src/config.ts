import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');
const list = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );
const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z
  .object({
    NATS_URL: env.natsUrl,
    PORT: env.port(8082),
    /** Operator endpoints (`/metrics`): a port the public Service never exposes. */
    METRICS_PORT: env.port(9082),
    LOG_LEVEL: env.logLevel,
    TOKEN_ENCRYPTION_KEYS: env.tokenEncryptionKeys,
    LINKEDIN_API_BASE: z.url().default('https://api.linkedin.com'),
    LINKEDIN_VERSION: env.linkedinVersion,
    PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    PUBLISH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    PUBLISH_BACKOFF_MS: z
      .string()
      .default('2000,10000,30000,60000,300000,900000,1800000')
      .transform((value) => value.split(',').map(Number))
      .pipe(z.array(z.number().int().positive()).min(1)),
    PUBLISH_ACK_WAIT_MS: ms(30_000),
    // Requests in work: waiting ones (notBefore, a throttled member, long retry delays) are held by server-side
    // schedules and do not count here; only waits shorter than 5 s are delayed naks.
    PUBLISH_MAX_ACK_PENDING: z.coerce.number().int().min(1).default(100_000),
    /** Waiting requests one connection may have; beyond it a request fails `invalid_request`. */
    PUBLISH_MAX_SCHEDULED_PER_CONNECTION: z.coerce.number().int().min(1).default(100_000),
    PUBLISH_THROTTLE_RECHECK_MS: ms(300_000),
    HTTP_TIMEOUT_MS: ms(15_000),
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(512 * 1024 * 1024),
    MEDIA_FETCH_TIMEOUT_MS: ms(300_000),
    MEDIA_ALLOW_PRIVATE_NETWORKS: flag,
    MEDIA_INSECURE_HTTP_HOSTS: list,
    VIDEO_PROCESSING_TIMEOUT_MS: ms(600_000),
    STREAM_REPLICAS: env.streamReplicas,
  })
  .transform((e) => ({
    natsUrl: e.NATS_URL,
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    linkedin: {
      apiBase: e.LINKEDIN_API_BASE.replace(/\/$/, ''),
      /** `LINKEDIN_VERSION`, in order of preference. */
      versions: e.LINKEDIN_VERSION,
      timeoutMs: e.HTTP_TIMEOUT_MS,
    },
    concurrency: e.PUBLISH_CONCURRENCY,
    maxAttempts: e.PUBLISH_MAX_ATTEMPTS,
    backoffMs: e.PUBLISH_BACKOFF_MS,
    ackWaitMs: e.PUBLISH_ACK_WAIT_MS,
    maxAckPending: e.PUBLISH_MAX_ACK_PENDING,
    maxScheduledPerConnection: e.PUBLISH_MAX_SCHEDULED_PER_CONNECTION,
    throttleRecheckMs: e.PUBLISH_THROTTLE_RECHECK_MS,
    media: {
      maxBytes: e.MEDIA_MAX_BYTES,
      timeoutMs: e.MEDIA_FETCH_TIMEOUT_MS,
      allowPrivateNetworks: e.MEDIA_ALLOW_PRIVATE_NETWORKS,
      insecureHttpHosts: e.MEDIA_INSECURE_HTTP_HOSTS,
      videoProcessingTimeoutMs: e.VIDEO_PROCESSING_TIMEOUT_MS,
    },
    streamReplicas: e.STREAM_REPLICAS,
  }));

export type PublisherConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): PublisherConfig {
  return parseConfig(schema, source);
}
