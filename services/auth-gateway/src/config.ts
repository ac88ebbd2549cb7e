import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';
import { parseApiKeys } from './api-keys.ts';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const schema = z
  .object({
    NATS_URL: env.natsUrl,
    PORT: env.port(8080),
    LOG_LEVEL: env.logLevel,
    LINKEDIN_CLIENT_ID: z.string({ error: 'is required' }).min(1),
    LINKEDIN_CLIENT_SECRET: z.string({ error: 'is required' }).min(1),
    LINKEDIN_REDIRECT_URI: z.url().default('http://localhost:8080/oauth/linkedin/callback'),
    LINKEDIN_AUTH_BASE: z.url().default('https://www.linkedin.com'),
    LINKEDIN_API_BASE: z.url().default('https://api.linkedin.com'),
    LINKEDIN_VERSION: env.linkedinVersion,
    LINKEDIN_MEMBER_SCOPES: z.string().default('openid profile email w_member_social'),
    TOKEN_ENCRYPTION_KEYS: env.tokenEncryptionKeys,
    GATEWAY_API_KEYS: z
      .string()
      .default('')
      .superRefine((value, ctx) => {
        try {
          parseApiKeys(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    RETURN_TO_ALLOWLIST: z.string().optional(),
    CONNECT_PAGE_TENANT: z.string().min(1).default('default'),
    CONNECT_PAGE_ENABLED: z.stringbool().default(true),
    STREAM_REPLICAS: env.streamReplicas,
    HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  })
  .transform((e) => ({
    natsUrl: e.NATS_URL,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    linkedin: {
      clientId: e.LINKEDIN_CLIENT_ID,
      clientSecret: e.LINKEDIN_CLIENT_SECRET,
      redirectUri: e.LINKEDIN_REDIRECT_URI,
      authBase: e.LINKEDIN_AUTH_BASE.replace(/\/$/, ''),
      apiBase: e.LINKEDIN_API_BASE.replace(/\/$/, ''),
      version: e.LINKEDIN_VERSION,
      memberScopes: e.LINKEDIN_MEMBER_SCOPES.split(/[\s,]+/).filter(Boolean),
      timeoutMs: e.HTTP_TIMEOUT_MS,
    },
    /** The gateway's public origin, taken from the registered redirect URI. */
    publicOrigin: new URL(e.LINKEDIN_REDIRECT_URI).origin,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    apiKeys: parseApiKeys(e.GATEWAY_API_KEYS),
    returnToAllowlist: list(e.RETURN_TO_ALLOWLIST),
    connectPage: { enabled: e.CONNECT_PAGE_ENABLED, tenantId: e.CONNECT_PAGE_TENANT },
    streamReplicas: e.STREAM_REPLICAS,
  }));

export type GatewayConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseConfig(schema, source);
}
