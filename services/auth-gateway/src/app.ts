import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { createHttpApp, registerHttpMetrics, registerOpsRoutes, type HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from './deps.ts';
import { registerErrorHandler } from './http/error-handler.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerConnect } from './connect/register-connect.ts';
import { registerConnections } from './connections/connections-routes.ts';
import { registerPosts } from './posts/posts-routes.ts';
import { registerWebhookRoutes } from './webhooks/webhook-routes.ts';
import { registerOpenApi } from './openapi/openapi-routes.ts';
import { HttpError } from './http/errors.ts';
import { completeAuthorization } from './oauth-server/complete-authorization.ts';
import { registerOAuthServer } from './oauth-server/register-oauth-server.ts';
import { registerMcp } from './mcp/mcp-route.ts';
import { createRateLimitKeys } from './http/rate-limit-key.ts';

/** The gateway's HTTP app with everything wired from `deps`; it never reads the environment or listens. */
export async function buildApp(deps: GatewayDeps): Promise<HttpApp> {
  const app = createHttpApp(deps.logger, {
    bodyLimit: 64 * 1024,
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
  });
  await app.register(cookie);
  registerErrorHandler(app);
  const limiterKeys = createRateLimitKeys({
    apiKeys: deps.config.apiKeys,
    verify: (token) => deps.oauth.grants.verifyAccessToken(token),
  });
  // Routes verify access tokens through the limiter's memo: a token it just verified is not read again.
  const routeDeps: GatewayDeps = {
    ...deps,
    oauth: {
      ...deps.oauth,
      grants: { ...deps.oauth.grants, verifyAccessToken: limiterKeys.verifyAccessToken },
    },
  };
  await app.register(rateLimit, {
    // Applied by the onRequest hook below, before any route's own authentication hook.
    global: false,
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Probes are never limited; callers with a valid API key or token are counted per key or grant, anyone
    // else (a made-up credential included) per address.
    allowList: (request) => request.url.startsWith('/healthz') || request.url.startsWith('/readyz'),
    keyGenerator: (request) => limiterKeys.keyOf(request),
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
  });
  app.addHook('onRequest', app.rateLimit());
  app.addHook('onResponse', async (request) => limiterKeys.release(request));
  app.addHook('onRequestAbort', async (request) => limiterKeys.release(request));
  registerSecurityHeaders(app);
  const registry = deps.registry;
  if (registry) registerHttpMetrics(app, registry);
  // /metrics is served on the operator port (METRICS_PORT, see main.ts), never on this public one.
  registerOpsRoutes(app, { readiness: deps.readiness });
  // Each feature gets only what it needs; the connect callback ends an `/oauth/authorize` flow through the OAuth
  // server's `completeAuthorization`, handed over here so neither feature imports the other both ways.
  registerConnect(app, {
    ...routeDeps,
    completeAuthorization: (reply, request, outcome) =>
      completeAuthorization(reply, routeDeps, request, outcome),
  });
  registerConnections(app, routeDeps);
  registerPosts(app, routeDeps);
  registerWebhookRoutes(app, {
    apiKeys: deps.config.apiKeys,
    webhooks: deps.webhooks,
    allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks,
  });
  await registerOAuthServer(app, routeDeps);
  registerMcp(app, routeDeps);
  registerOpenApi(app);
  return app;
}
