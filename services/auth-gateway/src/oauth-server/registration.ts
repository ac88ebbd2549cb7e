import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { describeIssues } from '@li-bus/contracts';
import type { HttpApp } from '@li-bus/service-kit';
import { findApiKey, type ApiKey } from '../http/api-keys.ts';
import { OAuthError } from './oauth-error.ts';
import type { OAuthStore } from './oauth-store.ts';
import type { OAuthClient } from './records.ts';
import { OAUTH_SCOPES } from '../oauth-core/scopes.ts';
import { parseScope } from './scopes.ts';
import { newToken, tokenDigest } from '../oauth-core/tokens.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** https, or http on a loopback host (RFC 8252 §7.3); absolute, no fragment, no credentials. */
export function isAcceptableRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || value.includes('#') || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** What one registration may store: anyone may register (open mode), so each record stays small (~2 KB). */
export const REGISTRATION_LIMITS = {
  redirectUris: 5,
  redirectUriLength: 512,
  clientNameLength: 100,
  scopeLength: 100,
  tenantIdLength: 128,
  /** The whole JSON body, unknown members included (those are never stored). */
  bodyBytes: 16 * 1024,
} as const;
const L = REGISTRATION_LIMITS;

// RFC 7591 §2: metadata the server does not understand is ignored, so the object is not strict.
const registrationBody = z.object({
  redirect_uris: z.array(z.string().max(L.redirectUriLength)).min(1).max(L.redirectUris),
  client_name: z.string().min(1).max(L.clientNameLength).optional(),
  token_endpoint_auth_method: z
    .enum(['none', 'client_secret_basic', 'client_secret_post'])
    .default('client_secret_basic'),
  grant_types: z
    .array(z.enum(['authorization_code', 'refresh_token']))
    .min(1)
    .max(2)
    .default(['authorization_code']),
  response_types: z.array(z.literal('code')).min(1).max(1).default(['code']),
  scope: z.string().max(L.scopeLength).optional(),
  /** Only with `OAUTH_REGISTRATION=protected` and an API key that may act for several tenants. */
  tenant_id: z.string().min(1).max(L.tenantIdLength).optional(),
});

export interface RegistrationOptions {
  mode: 'open' | 'protected';
  /** The tenant of clients registered without an initial access token. */
  openTenantId: string;
  apiKeys: readonly ApiKey[];
  /** How long a client that exchanged a code is kept (`OAUTH_CLIENT_REGISTRATION_TTL`). */
  ttlSeconds: number;
  /** How long a client that never completed an authorization is kept (`OAUTH_UNUSED_CLIENT_TTL`). */
  unusedTtlSeconds: number;
  now: () => number;
}

/** The tenant the new client acts for: the open tenant, or the one the initial access token (API key) allows. */
function tenantFor(request: FastifyRequest, options: RegistrationOptions, asked: string | undefined): string {
  if (options.mode === 'open') {
    if (asked !== undefined && asked !== options.openTenantId) {
      throw new OAuthError('invalid_client_metadata', 'tenant_id needs protected registration');
    }
    return options.openTenantId;
  }
  const header = request.headers.authorization;
  const key = header?.startsWith('Bearer ') ? findApiKey(options.apiKeys, header.slice(7).trim()) : undefined;
  if (!key) throw new OAuthError('invalid_token', 'registration needs an initial access token', 401);
  if (key.tenants !== '*' && key.tenants.size === 1 && asked === undefined) return [...key.tenants][0]!;
  if (asked === undefined)
    throw new OAuthError('invalid_client_metadata', 'tenant_id is required for this key');
  if (key.tenants !== '*' && !key.tenants.has(asked)) {
    throw new OAuthError('invalid_client_metadata', 'the initial access token may not act for that tenant');
  }
  return asked;
}

/** `POST /oauth/register` (RFC 7591). */
export function registerClientRegistration(
  app: HttpApp,
  store: OAuthStore,
  options: RegistrationOptions,
): void {
  app.post('/oauth/register', { bodyLimit: L.bodyBytes }, async (request, reply) => {
    const parsed = registrationBody.safeParse(request.body);
    if (!parsed.success) throw new OAuthError('invalid_client_metadata', describeIssues(parsed.error));
    const body = parsed.data;
    const bad = body.redirect_uris.find((uri) => !isAcceptableRedirectUri(uri));
    if (bad !== undefined) {
      throw new OAuthError(
        'invalid_redirect_uri',
        'redirect URIs must be https, or http on a loopback address, without a fragment',
      );
    }
    let scope: string[];
    try {
      scope = parseScope(body.scope);
    } catch {
      throw new OAuthError('invalid_client_metadata', `scope: supported are ${OAUTH_SCOPES.join(' ')}`);
    }
    const tenantId = tenantFor(request, options, body.tenant_id);
    const confidential = body.token_endpoint_auth_method !== 'none';
    const clientSecret = confidential ? newToken('clientSecret') : undefined;
    const issuedAt = options.now();
    const client: OAuthClient = {
      clientId: newToken('clientId'),
      ...(body.client_name !== undefined ? { clientName: body.client_name } : {}),
      redirectUris: body.redirect_uris,
      tokenEndpointAuthMethod: body.token_endpoint_auth_method,
      ...(clientSecret ? { clientSecretDigest: tokenDigest(clientSecret) } : {}),
      scope,
      tenantId,
      issuedAt,
      // Until it completes an authorization (grants.ts confirms it for the full TTL on its first code exchange).
      expiresAt: issuedAt + Math.min(options.unusedTtlSeconds, options.ttlSeconds) * 1000,
    };
    await store.clients.create(client);
    const secretExpiresAt = issuedAt + options.ttlSeconds * 1000;
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({
        client_id: client.clientId,
        ...(clientSecret
          ? { client_secret: clientSecret, client_secret_expires_at: Math.floor(secretExpiresAt / 1000) }
          : {}),
        client_id_issued_at: Math.floor(issuedAt / 1000),
        redirect_uris: client.redirectUris,
        token_endpoint_auth_method: client.tokenEndpointAuthMethod,
        grant_types: body.grant_types,
        response_types: body.response_types,
        scope: scope.join(' '),
        ...(client.clientName ? { client_name: client.clientName } : {}),
      });
  });
}
