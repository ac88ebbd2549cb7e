import formbody from '@fastify/formbody';
import type { FastifyError } from 'fastify';
import type { HttpApp } from '@li-bus/service-kit';
import { HttpError } from '../http/errors.ts';
import { registerAuthorize, type AuthorizeDeps } from './authorize.ts';
import { registerOAuthMetadata } from './metadata.ts';
import { OAuthError } from './oauth-error.ts';
import type { OAuthServer } from './oauth-server.ts';
import { registerClientRegistration } from './registration.ts';
import { registerTokenEndpoints } from './token-endpoint.ts';

/** What the authorization server's routes need: its store and grants, and the connect flow's for the consent. */
export type OAuthServerDeps = AuthorizeDeps & { oauth: OAuthServer };

/**
 * The OAuth 2.1 authorization server for agents and third-party apps, in its own Fastify scope: form bodies,
 * and errors as RFC 6749 `{ error, error_description }` (never a redirect to an unregistered URI).
 */
export async function registerOAuthServer(app: HttpApp, deps: OAuthServerDeps): Promise<void> {
  const { config } = deps;
  const issuer = config.publicOrigin;
  registerOAuthMetadata(app, { issuer, registration: config.oauth.registration !== 'off' });
  await app.register(async (scope) => {
    await scope.register(formbody);
    scope.setErrorHandler((error: FastifyError | OAuthError | HttpError, request, reply) => {
      reply.header('cache-control', 'no-store');
      if (error instanceof OAuthError) {
        if (error.code === 'invalid_client' && request.headers.authorization?.startsWith('Basic ')) {
          reply.header('www-authenticate', 'Basic realm="oauth"');
        }
        if (error.code === 'invalid_token') reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return reply.code(error.status).send({ error: error.code, error_description: error.message });
      }
      // The gateway-wide limiter (an onRequest hook) refuses with an HttpError 429: answered OAuth-style.
      if (error instanceof HttpError && error.status === 429) {
        return reply
          .code(429)
          .headers(error.headers)
          .send({ error: 'temporarily_unavailable', error_description: error.message });
      }
      const status = (error as FastifyError).statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ error: 'invalid_request', error_description: error.message });
      }
      request.log.error({ err: error }, 'oauth request failed');
      return reply.code(500).send({ error: 'server_error', error_description: 'internal error' });
    });
    const httpScope = scope as unknown as HttpApp;
    if (config.oauth.registration !== 'off') {
      registerClientRegistration(httpScope, deps.oauth.store, {
        mode: config.oauth.registration,
        openTenantId: config.oauth.tenantId,
        apiKeys: config.apiKeys,
        ttlSeconds: config.oauth.clientRegistrationTtlSeconds,
        unusedTtlSeconds: config.oauth.unusedClientTtlSeconds,
        now: deps.now,
      });
    }
    registerAuthorize(httpScope, deps, deps.oauth);
    registerTokenEndpoints(httpScope, deps.oauth, issuer);
  });
}
