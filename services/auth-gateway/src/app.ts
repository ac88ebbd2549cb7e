import { createHash } from 'node:crypto';
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
import { registerOpenApi } from './routes/openapi.ts';
import { HttpError } from './errors.ts';
import { registerOAuthServer } from './oauth-server/oauth-server.ts';
import { registerMcpEndpoint } from './routes/mcp.ts';

/** The gateway's HTTP app with everything wired from `deps`; it never reads the environment or listens. */
export async function buildApp(deps: GatewayDeps): Promise<HttpApp> {
  const app = createHttpApp(deps.logger, {
    bodyLimit: 64 * 1024,
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
  });
  await app.register(cookie);
  registerErrorHandler(app);
  await app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Probes are never limited; API callers are counted per key, browsers per address.
    allowList: (request) =>
      request.url.startsWith('/healthz') ||
      request.url.startsWith('/readyz') ||
      request.url.startsWith('/metrics'),
    keyGenerator: (request) => {
      const auth = request.headers.authorization ?? request.headers['x-api-key'];
      return typeof auth === 'string'
        ? `key:${createHash('sha256').update(auth).digest('base64url')}`
        : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  registerSecurityHeaders(app);
  const registry = deps.registry;
  if (registry) registerHttpMetrics(app, registry);
  registerOpsRoutes(app, {
    readiness: deps.readiness,
    ...(registry ? { metrics: () => registry.metrics() } : {}),
  });
  registerConnectPage(app, { enabled: deps.config.connectPage.enabled });
  registerOAuthStart(app, deps);
  registerOAuthCallback(app, deps);
  registerConnectionsApi(app, deps);
  registerPostsApi(app, deps);
  await registerOAuthServer(app, deps);
  registerMcpEndpoint(app, deps);
  registerOpenApi(app);
  return app;
}
