import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';

const schema = z
  .object({
    NATS_URL: env.natsUrl,
    PORT: env.port(8082),
    LOG_LEVEL: env.logLevel,
    TOKEN_ENCRYPTION_KEYS: env.tokenEncryptionKeys,
    LINKEDIN_API_BASE: z.url().default('https://api.linkedin.com'),
    LINKEDIN_VERSION: env.linkedinVersion,
    PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    PUBLISH_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    STREAM_REPLICAS: env.streamReplicas,
  })
  .transform((e) => ({
    natsUrl: e.NATS_URL,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    linkedin: {
      apiBase: e.LINKEDIN_API_BASE.replace(/\/$/, ''),
      version: e.LINKEDIN_VERSION,
      timeoutMs: e.HTTP_TIMEOUT_MS,
    },
    concurrency: e.PUBLISH_CONCURRENCY,
    maxAttempts: e.PUBLISH_MAX_ATTEMPTS,
    streamReplicas: e.STREAM_REPLICAS,
  }));

export type PublisherConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): PublisherConfig {
  return parseConfig(schema, source);
}
