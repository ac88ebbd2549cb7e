import type { FastifyRequest } from 'fastify';
import { findApiKey, keyAllowsTenant, type ApiKey } from './api-keys.ts';
import type { GatewayConfig } from '../config.ts';
import { HttpError } from './errors.ts';
import type { AccessTokenRecord, VerifyAccessToken } from '../oauth-core/records.ts';
import { bearerChallenge } from '../oauth-core/bearer-challenge.ts';
import { resources } from '../oauth-core/resources.ts';
import type { OAuthScope } from '../oauth-core/scopes.ts';
import { TOKEN_PREFIX } from '../oauth-core/tokens.ts';

/** Who is calling: a backend with an API key (tenant-wide), or an OAuth client with a token for one connection. */
export type Caller = { kind: 'api-key'; key: ApiKey } | { kind: 'oauth'; token: AccessTokenRecord };

/** The resource a route belongs to: the REST API (API keys and tokens) or the MCP endpoint (tokens only). */
export type Resource = 'api' | 'mcp';

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

/** The caller's API key, or 401. */
export function requireApiKey(request: FastifyRequest, keys: readonly ApiKey[]): ApiKey {
  const presented = presentedKey(request);
  const key = presented ? findApiKey(keys, presented) : undefined;
  if (!key) throw new HttpError(401, 'unauthorized', 'a valid API key is required');
  return key;
}

/** The caller's key must be bound to `tenantId`, else 403: one tenant never touches another's data. */
export function requireTenantAccess(
  request: FastifyRequest,
  keys: readonly ApiKey[],
  tenantId: string,
): ApiKey {
  const key = requireApiKey(request, keys);
  if (!keyAllowsTenant(key, tenantId))
    throw new HttpError(403, 'forbidden', 'this API key may not act for that tenant');
  return key;
}

/** A token may be used where it was issued for: no `resource` or the whole API → anywhere; the MCP one → there. */
function tokenServes(token: AccessTokenRecord, origin: string, resource: Resource): boolean {
  const { api, mcp } = resources(origin);
  return (
    token.resource === undefined || token.resource === api || (resource === 'mcp' && token.resource === mcp)
  );
}

/** What authenticating a caller needs: the API keys, our origin, and the access token lookup. */
export interface CallerDeps {
  config: Pick<GatewayConfig, 'apiKeys' | 'publicOrigin'>;
  oauth: { grants: { verifyAccessToken: VerifyAccessToken } };
}

const callers = new WeakMap<FastifyRequest, Caller>();

/** Authenticates the request (an `onRequest` hook); `callerOf` then reads the result. */
export async function authenticateCaller(
  request: FastifyRequest,
  deps: CallerDeps,
  resource: Resource,
): Promise<Caller> {
  const origin = deps.config.publicOrigin;
  const presented = presentedKey(request);
  const key = presented && resource === 'api' ? findApiKey(deps.config.apiKeys, presented) : undefined;
  let caller: Caller | undefined = key ? { kind: 'api-key', key } : undefined;
  if (!caller && presented?.startsWith(TOKEN_PREFIX.accessToken)) {
    const token = await deps.oauth.grants.verifyAccessToken(presented);
    if (token && tokenServes(token, origin, resource)) caller = { kind: 'oauth', token };
  }
  if (!caller) {
    const challenge = presented
      ? bearerChallenge(origin, resource, {
          error: 'invalid_token',
          description: 'the token is unknown, expired or revoked',
        })
      : bearerChallenge(origin, resource);
    throw new HttpError(
      401,
      presented ? 'invalid_token' : 'unauthorized',
      'a valid API key or access token is required',
      {
        headers: { 'www-authenticate': challenge },
      },
    );
  }
  callers.set(request, caller);
  return caller;
}

export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error('authenticateCaller did not run for this route');
  return caller;
}

/**
 * Whether the caller may act on this connection. An API key: its tenants (false lets the route answer as if
 * the connection did not exist). An OAuth token: its one connection and its scopes, else 403 insufficient_scope.
 */
export function callerMayUse(
  caller: Caller,
  target: { tenantId: string; connectionId: string },
  scope: OAuthScope,
  origin: string,
): boolean {
  if (caller.kind === 'api-key') return keyAllowsTenant(caller.key, target.tenantId);
  const { token } = caller;
  const lacksScope = !token.scope.includes(scope);
  const refusal = lacksScope
    ? `the token was not granted ${scope}`
    : token.connectionId !== target.connectionId || token.tenantId !== target.tenantId
      ? 'the token is bound to another connection'
      : undefined;
  if (refusal) {
    // Only a missing scope names one: another connection's data is not reached by asking for more.
    const challenge = bearerChallenge(origin, 'api', {
      error: 'insufficient_scope',
      description: refusal,
      ...(lacksScope ? { scope: [scope] } : {}),
    });
    throw new HttpError(403, 'insufficient_scope', refusal, { headers: { 'www-authenticate': challenge } });
  }
  return true;
}
