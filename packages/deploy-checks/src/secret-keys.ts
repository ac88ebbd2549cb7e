import type { ServiceName } from './repo-paths.ts';

/** The keys of each service's Secret `<service>-secrets` (documented in deploy/k8s/README.md, never committed). */
export const SECRET_KEYS: Record<ServiceName, string[]> = {
  'auth-gateway': [
    'NATS_URL',
    'LINKEDIN_CLIENT_ID',
    'LINKEDIN_CLIENT_SECRET',
    'TOKEN_ENCRYPTION_KEYS',
    'GATEWAY_API_KEYS',
  ],
  'token-keeper': ['NATS_URL', 'REDIS_URL', 'TOKEN_ENCRYPTION_KEYS'],
  publisher: ['NATS_URL', 'TOKEN_ENCRYPTION_KEYS'],
};

/** Placeholder values of the right shape, for parsing a rendered environment with a service's config schema. */
export const SAMPLE_SECRET_VALUES: Record<string, string> = {
  NATS_URL: 'nats://user:password@nats:4222',
  REDIS_URL: 'redis://:password@redis-master:6379',
  TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  GATEWAY_API_KEYS: 'sample-api-key-0001:*',
  LINKEDIN_CLIENT_ID: 'client-id',
  LINKEDIN_CLIENT_SECRET: 'client-secret',
};
