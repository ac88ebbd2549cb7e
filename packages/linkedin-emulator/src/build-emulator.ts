import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';
import { registerErrorHandling } from './error-handler.ts';
import { registerFaultAndLogHooks } from './fault-hooks.ts';
import { createIdTokenSigner } from './id-token.ts';
import { registerLenientJson } from './json-body.ts';
import { redactUrl } from './redaction.ts';
import { createRestGuard } from './rest-headers.ts';
import { registerQueryTunnel } from './query-tunnel.ts';
import { registerAdminCommentRoutes } from './routes/admin-comments.ts';
import { registerAdminMediaRoutes } from './routes/admin-media.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAdminVersionRoutes } from './routes/admin-versions.ts';
import { registerMediaRoutes } from './routes/media.ts';
import { registerOauthAuthorizationRoutes } from './routes/oauth-authorization.ts';
import { registerOauthIntrospectionRoutes } from './routes/oauth-introspection.ts';
import { registerOauthTokenRoutes } from './routes/oauth-token.ts';
import { registerOpenIdRoutes } from './routes/openid.ts';
import { registerOrganizationRoutes } from './routes/organizations.ts';
import { registerPostReadRoutes } from './routes/posts-read.ts';
import { registerCommentRoutes } from './routes/comments.ts';
import { registerPostRoutes } from './routes/posts.ts';
import { registerPostUpdateRoutes } from './routes/posts-update.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import { registerUserinfoRoutes } from './routes/userinfo.ts';
import type { EmulatorOptions } from './settings.ts';
import { createEmulatorState, type EmulatorState } from './state.ts';

/** Pino options with a request serializer that never logs secret query values. */
function loggerOptions(logger: EmulatorOptions['logger']): false | LoggerOptions {
  if (!logger) return false;
  return {
    ...logger,
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      ...logger.serializers,
    },
  };
}

/** The emulator as a Fastify app that is not listening yet (use `app.inject` in tests). */
export function buildEmulator(options: EmulatorOptions = {}): { app: FastifyInstance; state: EmulatorState } {
  const state = createEmulatorState(options);
  const app = Fastify({ logger: loggerOptions(options.logger) });
  const signer = createIdTokenSigner();

  void app.register(formbody);
  registerLenientJson(app);
  registerErrorHandling(app);
  registerFaultAndLogHooks(app, state);
  registerQueryTunnel(app);
  registerOauthAuthorizationRoutes(app, state);
  registerOauthTokenRoutes(app, state, signer);
  registerOauthIntrospectionRoutes(app, state);
  registerOpenIdRoutes(app, signer);
  registerUserinfoRoutes(app, state);
  const guard = createRestGuard(state);
  registerPostRoutes(app, state, guard);
  registerPostReadRoutes(app, state, guard);
  registerPostUpdateRoutes(app, state, guard);
  registerCommentRoutes(app, state, guard);
  registerOrganizationRoutes(app, state, guard);
  registerMediaRoutes(app, state, guard);
  registerUploadRoutes(app, state);
  registerAdminRoutes(app, state);
  registerAdminVersionRoutes(app, state);
  registerAdminMediaRoutes(app, state);
  registerAdminCommentRoutes(app, state);
  return { app, state };
}
