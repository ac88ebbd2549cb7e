import { z } from 'zod';
import { env, parseConfig } from '@li-bus/service-kit';
import { parseApiKeys } from './http/api-keys.ts';

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
    /** Operator endpoints (`/metrics`): a port the public Service never exposes. */
    METRICS_PORT: env.port(9080),
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
    /** Read your writes: how long a connect, revoke or manual refresh waits for token-keeper to store it (ms). */
    CONFIRM_TIMEOUT_MS: z.coerce.number().int().positive().max(30_000).default(5000),
    // The OAuth 2.1 authorization server for agents and third-party apps (seconds, as chuk-mcp-linkedin names them).
    OAUTH_AUTH_CODE_TTL: seconds(600),
    OAUTH_ACCESS_TOKEN_TTL: seconds(3600),
    OAUTH_REFRESH_TOKEN_TTL: seconds(2_592_000),
    OAUTH_CLIENT_REGISTRATION_TTL: seconds(31_536_000),
    /** A registered client that never completed an authorization is forgotten after this (at most a day). */
    OAUTH_UNUSED_CLIENT_TTL: seconds(43_200).pipe(z.number().max(86_400)),
    /** Size limits of the NATS KV buckets `gateway_oauth_clients` and `gateway_oauth_grants` (bytes). */
    OAUTH_CLIENTS_MAX_BYTES: z.coerce.number().int().positive().default(268_435_456),
    OAUTH_GRANTS_MAX_BYTES: z.coerce.number().int().positive().default(536_870_912),
    /** `open` (anyone may register), `protected` (an API key as initial access token), `off`. */
    OAUTH_REGISTRATION: z.enum(['open', 'protected', 'off']).default('protected'),
    /** The tenant of connections made through openly registered clients and Client ID Metadata Document clients. */
    OAUTH_TENANT: z.string().min(1).optional(),
    /**
     * `host:port`s whose Client ID Metadata Documents are fetched over plain HTTP and may be on loopback or private
     * addresses: local test servers only, like the publisher's `MEDIA_INSECURE_HTTP_HOSTS`.
     */
    OAUTH_CLIENT_METADATA_INSECURE_HOSTS: z
      .string()
      .default('')
      .refine(
        (value) => list(value).every((item) => /^(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(item)),
        'must be a comma-separated list of host:port',
      ),
    /** Lets webhooks target private and loopback addresses over http (tests and local setups only). */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
    /** Delay before the 2nd, 3rd, … delivery attempt (ms, comma-separated, the last repeating) within 24 h. */
    WEBHOOK_RETRY_DELAYS_MS: z
      .string()
      .default('5000,30000,120000,600000,1800000,3600000')
      .pipe(z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be comma-separated milliseconds')),
    WEBHOOK_DELIVERY_CONCURRENCY: z.coerce.number().int().positive().default(32),
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
    metricsPort: e.METRICS_PORT,
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
    confirmTimeoutMs: e.CONFIRM_TIMEOUT_MS,
    oauth: {
      authCodeTtlSeconds: e.OAUTH_AUTH_CODE_TTL,
      accessTokenTtlSeconds: e.OAUTH_ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: e.OAUTH_REFRESH_TOKEN_TTL,
      clientRegistrationTtlSeconds: e.OAUTH_CLIENT_REGISTRATION_TTL,
      unusedClientTtlSeconds: e.OAUTH_UNUSED_CLIENT_TTL,
      clientsMaxBytes: e.OAUTH_CLIENTS_MAX_BYTES,
      grantsMaxBytes: e.OAUTH_GRANTS_MAX_BYTES,
      registration: e.OAUTH_REGISTRATION,
      tenantId: e.OAUTH_TENANT ?? e.CONNECT_PAGE_TENANT,
      clientMetadataInsecureHosts: list(e.OAUTH_CLIENT_METADATA_INSECURE_HOSTS),
    },
    webhooks: {
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      retryDelaysMs: list(e.WEBHOOK_RETRY_DELAYS_MS).map(Number),
      concurrency: e.WEBHOOK_DELIVERY_CONCURRENCY,
    },
  }));

export type GatewayConfig = z.infer<typeof schema>;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseConfig(schema, source);
}
