import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';

const schema = z
  .object({
    NATS_URL: env.natsUrl,
    REDIS_URL: env.redisUrl,
    TOKEN_ENCRYPTION_KEYS: env.tokenEncryptionKeys,
    PORT: env.port(8081),
    LOG_LEVEL: env.logLevel,
    STREAM_REPLICAS: env.streamReplicas,
  })
  .transform((e) => ({
    natsUrl: e.NATS_URL,
    redisUrl: e.REDIS_URL,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    streamReplicas: e.STREAM_REPLICAS,
  }));

export type KeeperConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): KeeperConfig {
  return parseConfig(schema, source);
}
