import type { FastifyReply } from 'fastify';
import type { HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { CONNECT_TTL_MS, digest, randomToken, type PendingConnect } from '../connect-sessions.ts';
import { authorizationUrl } from '../linkedin/oauth-client.ts';
import { linkedInAppFor } from '../linkedin/apps.ts';
import type { CallbackErrorCode } from '../errors.ts';
import { inConnectStartSpan } from '../connect/connect-trace.ts';

export const CONNECT_COOKIE = 'li_connect';
export const COOKIE_PATH = '/oauth/linkedin';

export function withQuery(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** Sends the browser to `target` (or the connect page) with `?error=<code>`. */
export function failTo(
  reply: FastifyReply,
  deps: GatewayDeps,
  target: string | null,
  code: CallbackErrorCode,
) {
  reply.header('referrer-policy', 'no-referrer');
  return reply.redirect(withQuery(target ?? `${deps.config.publicOrigin}/connect`, { error: code }), 302);
}

const SELF_SERVE_KINDS = new Set(['member', 'organization']);

/**
 * `GET /oauth/linkedin/start`: takes the one-time connect session (or, for the self-serve page, `kind`), binds a
 * fresh 256-bit state to this browser with an HttpOnly SameSite cookie and redirects to LinkedIn. `prompt` is
 * never sent: `prompt=none` silently drops scopes.
 */
export function registerOAuthStart(app: HttpApp, deps: GatewayDeps): void {
  const { config } = deps;
  const secureCookie = config.publicOrigin.startsWith('https:');
  app.get<{ Querystring: { session?: string; kind?: string } }>(
    '/oauth/linkedin/start',
    async (request, reply) => {
      let pending: PendingConnect | null;
      const { session, kind = 'member' } = request.query;
      if (typeof session === 'string') {
        pending = await deps.sessions.takePending(session);
      } else if (config.connectPage.enabled && SELF_SERVE_KINDS.has(kind)) {
        pending = {
          tenantId: config.connectPage.tenantId,
          kind: kind === 'organization' ? 'organization' : 'member',
          returnTo: null,
          expiresAt: deps.now() + CONNECT_TTL_MS,
        };
      } else {
        return failTo(reply, deps, null, 'missing_params');
      }
      if (!pending) return failTo(reply, deps, null, 'session_expired');
      const state = randomToken();
      const nonce = randomToken();
      const started = { ...pending, nonceDigest: digest(nonce) };
      await inConnectStartSpan(pending.tenantId, (traceparent) =>
        deps.sessions.saveStarted(state, traceparent ? { ...started, traceparent } : started),
      );
      reply.setCookie(CONNECT_COOKIE, nonce, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        path: COOKIE_PATH,
        maxAge: CONNECT_TTL_MS / 1000,
      });
      reply.header('referrer-policy', 'no-referrer');
      const linkedin = linkedInAppFor(config, pending.kind);
      return reply.redirect(authorizationUrl(linkedin, state, linkedin.scopes), 302);
    },
  );
}
