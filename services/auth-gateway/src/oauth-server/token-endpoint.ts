import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '@li-bus/service-kit';
import { authenticateClient } from './client-auth.ts';
import { isKnownResource } from '../oauth-core/resources.ts';
import { OAuthError } from './oauth-error.ts';
import type { OAuthServer } from './oauth-server.ts';
import { parseScope } from './scopes.ts';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** A form body as single strings; a repeated parameter is `invalid_request` (RFC 6749 §3.2). */
function formBody(request: FastifyRequest): Record<string, string | undefined> {
  const body = request.body;
  if (!body || typeof body !== 'object') {
    throw new OAuthError('invalid_request', 'send application/x-www-form-urlencoded parameters');
  }
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `${key} is repeated or malformed`);
    out[key] = value === '' ? undefined : value;
  }
  return out;
}

/** `POST /oauth/token` (authorization_code with PKCE, refresh_token with rotation) and `POST /oauth/revoke`. */
export function registerTokenEndpoints(app: HttpApp, oauth: OAuthServer, issuer: string): void {
  app.post('/oauth/token', async (request, reply) => {
    const body = formBody(request);
    const client = await authenticateClient(oauth, request, body);
    if (body['resource'] !== undefined && !isKnownResource(issuer, body['resource'])) {
      throw new OAuthError('invalid_target', 'resource is not served by this authorization server');
    }
    reply.headers(NO_STORE);
    switch (body['grant_type']) {
      case 'authorization_code': {
        if (!body['code']) throw new OAuthError('invalid_request', 'code is required');
        return oauth.grants.redeemCode({
          client,
          code: body['code'],
          redirectUri: body['redirect_uri'],
          codeVerifier: body['code_verifier'],
        });
      }
      case 'refresh_token': {
        if (!body['refresh_token']) throw new OAuthError('invalid_request', 'refresh_token is required');
        return oauth.grants.refresh({
          client,
          refreshToken: body['refresh_token'],
          scope: body['scope'] === undefined ? undefined : parseScope(body['scope']),
        });
      }
      case undefined:
        throw new OAuthError('invalid_request', 'grant_type is required');
      default:
        throw new OAuthError('unsupported_grant_type', 'supported: authorization_code, refresh_token');
    }
  });

  app.post('/oauth/revoke', async (request, reply) => {
    const body = formBody(request);
    const client = await authenticateClient(oauth, request, body);
    if (!body['token']) throw new OAuthError('invalid_request', 'token is required');
    await oauth.grants.revoke({ client, token: body['token'] });
    return reply.headers(NO_STORE).code(200).send();
  });
}
