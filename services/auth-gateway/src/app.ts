import cookie from '@fastify/cookie';
import { createHttpApp, registerOpsRoutes, type HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from './deps.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerConnectPage } from './routes/connect-page.ts';
import { registerConnectionsApi } from './routes/connections-api.ts';
import { registerOAuthRoutes } from './routes/oauth.ts';

/** The gateway's HTTP app with everything wired from `deps`; it never reads the environment or listens. */
export async function buildApp(deps: GatewayDeps): Promise<HttpApp> {
  const app = createHttpApp(deps.logger, { bodyLimit: 64 * 1024, requestTimeout: 15_000 });
  await app.register(cookie);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
  });
  registerErrorHandler(app);
  registerOpsRoutes(app, { readiness: deps.readiness });
  registerConnectPage(app, { enabled: deps.config.connectPage.enabled });
  registerOAuthRoutes(app, deps);
  registerConnectionsApi(app, deps);
  return app;
}
