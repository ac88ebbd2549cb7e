import type { HttpApp } from '@li-bus/service-kit';
import type { ConnectDeps } from './connect-deps.ts';
import { CallbackError } from '../http/errors.ts';
import { digest } from './connect-sessions.ts';
import { completeConnect } from './complete-connect.ts';
import { inConnectCallbackSpan } from './connect-trace.ts';
import { HTML_HEADERS } from '../http/html.ts';
import { connectedPage } from './connected-page.ts';
import { CONNECT_COOKIE, COOKIE_PATH } from './start-connect.ts';
import { failTo, withQuery } from './redirects.ts';

/**
 * `GET /oauth/linkedin/callback`: every refusal (no state, unknown/replayed/expired state, another browser,
 * LinkedIn's error) is decided before the token endpoint is called, and maps to a design error code.
 */
export function registerOAuthCallback(app: HttpApp, deps: ConnectDeps): void {
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>(
    '/oauth/linkedin/callback',
    async (request, reply) => {
      // A repeated `state` or `code` is not the parameter LinkedIn sends: treated as missing, never guessed.
      const state = singleValue(request.query['state']);
      const code = singleValue(request.query['code']);
      const error = [request.query['error'] ?? []].flat().find((value) => value !== '');
      reply.header('referrer-policy', 'no-referrer');
      if (!state) return failTo(reply, deps, null, 'missing_params');
      const started = await deps.sessions.takeStarted(state);
      if (!started) return failTo(reply, deps, null, 'session_expired');
      const nonce = request.cookies[CONNECT_COOKIE];
      reply.clearCookie(CONNECT_COOKIE, { path: COOKIE_PATH });
      const sameBrowser = nonce !== undefined && nonce !== '' && digest(nonce) === started.nonceDigest;
      // Fields on each line rather than a child logger: pino builds a child's bindings even when nothing logs.
      const flow = { tenantId: started.tenantId, kind: started.kind };
      if (started.oauth && !sameBrowser) {
        // Not the browser that consented: nothing is exchanged and nothing goes to the client's redirect URI.
        request.log.warn({ ...flow, code: 'session_expired' }, 'authorization answered in another browser');
        return failTo(reply, deps, null, 'session_expired');
      }
      try {
        if (!sameBrowser)
          throw new CallbackError('session_expired', 'the flow was started in another browser');
        if (error) throw new CallbackError('authorization_denied', `LinkedIn answered ${error}`);
        if (!code) throw new CallbackError('missing_params', 'no code on the callback');
        const result = await inConnectCallbackSpan(started, () => completeConnect(deps, started, code));
        request.log.info(
          { ...flow, connectionId: result.connectionId, pages: result.organizations.length },
          'connected',
        );
        if (started.oauth) {
          const binding = { connectionId: result.connectionId, tenantId: started.tenantId };
          return await deps.completeAuthorization(reply, started.oauth, binding);
        }
        if (started.returnTo) {
          const target = withQuery(started.returnTo, {
            connected: 'true',
            connectionId: result.connectionId,
          });
          return reply.redirect(target, 302);
        }
        return reply.headers(HTML_HEADERS).send(connectedPage(result, started.kind));
      } catch (failure) {
        const callbackError =
          failure instanceof CallbackError
            ? failure
            : new CallbackError('internal_error', 'unexpected failure');
        request.log.warn({ ...flow, err: failure, code: callbackError.code }, 'connect failed');
        if (started.oauth) {
          return deps.completeAuthorization(reply, started.oauth, { failure: callbackError.code });
        }
        return failTo(reply, deps, started.returnTo, callbackError.code);
      }
    },
  );
}

/** The value of a parameter sent once and not empty; undefined when absent, empty or repeated. */
function singleValue(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
