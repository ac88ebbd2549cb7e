import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { createHttpApp, registerHttpMetrics, registerOpsRoutes, type HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from './deps.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerConnectPage } from './routes/connect-page.ts';
import { registerConnectionsApi } from './routes/connections-api.ts';
import { registerOAuthStart } from './routes/oauth-start.ts';
import { registerOAuthCallback } from './routes/oauth-callback.ts';
import { registerPostsApi } from './routes/posts-api.ts';
import { registerWebhookRoutes } from './webhooks/webhook-routes.ts';
import { registerOpenApi } from './routes/openapi.ts';
import { HttpError } from './errors.ts';
import { registerOAuthServer } from './oauth-server/oauth-server.ts';
import { registerMcpEndpoint } from './routes/mcp.ts';
import { createRateLimitKeys } from './rate-limit-key.ts';

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
  registerConnectPage(app, deps.config);
  registerOAuthStart(app, routeDeps);
  registerOAuthCallback(app, routeDeps);
  registerConnectionsApi(app, routeDeps);
  registerPostsApi(app, routeDeps);
  registerWebhookRoutes(app, {
    apiKeys: deps.config.apiKeys,
    webhooks: deps.webhooks,
    allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks,
  });
  await registerOAuthServer(app, routeDeps);
  registerMcpEndpoint(app, routeDeps);
  registerOpenApi(app);
  return app;
}
