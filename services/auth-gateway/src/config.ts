import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';
import { parseApiKeys } from './api-keys.ts';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const scopes = (value: string) => value.split(/[\s,]+/).filter(Boolean);

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
    LINKEDIN_ORGANIZATION_SCOPES: z
      .string()
      .default('openid profile email w_organization_social r_organization_social rw_organization_admin'),
    /** A second LinkedIn app for the Company Page flow (LinkedIn may not grant every product on one app). */
    LINKEDIN_ORGANIZATION_CLIENT_ID: z.string().min(1).optional(),
    LINKEDIN_ORGANIZATION_CLIENT_SECRET: z.string().min(1).optional(),
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
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
    REFRESH_CONCURRENCY: z.coerce.number().int().positive().default(8),
    // The OAuth 2.1 authorization server for agents and third-party apps (seconds, as chuk-mcp-linkedin names them).
    OAUTH_AUTH_CODE_TTL: seconds(600),
    OAUTH_ACCESS_TOKEN_TTL: seconds(3600),
    OAUTH_REFRESH_TOKEN_TTL: seconds(2_592_000),
    OAUTH_CLIENT_REGISTRATION_TTL: seconds(31_536_000),
    /** `open` (anyone may register), `protected` (an API key as initial access token), `off`. */
    OAUTH_REGISTRATION: z.enum(['open', 'protected', 'off']).default('open'),
    /** The tenant of connections made through openly registered clients. */
    OAUTH_TENANT: z.string().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if (!e.LINKEDIN_ORGANIZATION_CLIENT_ID !== !e.LINKEDIN_ORGANIZATION_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['LINKEDIN_ORGANIZATION_CLIENT_SECRET'],
        message:
          'set both LINKEDIN_ORGANIZATION_CLIENT_ID and LINKEDIN_ORGANIZATION_CLIENT_SECRET, or neither',
      });
    }
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
      memberScopes: scopes(e.LINKEDIN_MEMBER_SCOPES),
      organizationScopes: scopes(e.LINKEDIN_ORGANIZATION_SCOPES),
      /** The Company Page flow's app; the member app's credentials when no second app is configured. */
      organizationClient: {
        clientId: e.LINKEDIN_ORGANIZATION_CLIENT_ID ?? e.LINKEDIN_CLIENT_ID,
        clientSecret: e.LINKEDIN_ORGANIZATION_CLIENT_SECRET ?? e.LINKEDIN_CLIENT_SECRET,
      },
      timeoutMs: e.HTTP_TIMEOUT_MS,
    },
    /** The gateway's public origin, taken from the registered redirect URI. */
    publicOrigin: new URL(e.LINKEDIN_REDIRECT_URI).origin,
    tokenEncryptionKeys: e.TOKEN_ENCRYPTION_KEYS,
    apiKeys: parseApiKeys(e.GATEWAY_API_KEYS),
    returnToAllowlist: list(e.RETURN_TO_ALLOWLIST),
    connectPage: { enabled: e.CONNECT_PAGE_ENABLED, tenantId: e.CONNECT_PAGE_TENANT },
    streamReplicas: e.STREAM_REPLICAS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    refreshConcurrency: e.REFRESH_CONCURRENCY,
    oauth: {
      authCodeTtlSeconds: e.OAUTH_AUTH_CODE_TTL,
      accessTokenTtlSeconds: e.OAUTH_ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: e.OAUTH_REFRESH_TOKEN_TTL,
      clientRegistrationTtlSeconds: e.OAUTH_CLIENT_REGISTRATION_TTL,
      registration: e.OAUTH_REGISTRATION,
      tenantId: e.OAUTH_TENANT ?? e.CONNECT_PAGE_TENANT,
    },
  }));

export type GatewayConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseConfig(schema, source);
}
