import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { HttpApp } from '@li-bus/service-kit';
import { SUBJECTS } from '@li-bus/contracts';
import type { GatewayDeps } from '../deps.ts';
import { CallbackError, type CallbackErrorCode } from '../errors.ts';
import { CONNECT_TTL_MS, digest, randomToken, type PendingConnect } from '../connect-sessions.ts';
import { authorizationUrl, exchangeCode, fetchUserInfo } from '../linkedin/oauth-client.ts';
import { connectionIdFor } from '../connection-id.ts';
import { HTML_HEADERS, escapeHtml, page } from '../html.ts';

export const CONNECT_COOKIE = 'li_connect';
const COOKIE_PATH = '/oauth/linkedin';

function withQuery(target: string, params: Record<string, string>): string {
  const url = new URL(target);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

export function registerOAuthRoutes(app: HttpApp, deps: GatewayDeps): void {
  const { config } = deps;
  const linkedin = { ...config.linkedin };
  const connectPageUrl = `${config.publicOrigin}/connect`;
  const secureCookie = config.publicOrigin.startsWith('https:');

  function failTo(reply: FastifyReply, target: string | null, code: CallbackErrorCode) {
    return reply.redirect(withQuery(target ?? connectPageUrl, { error: code }), 302);
  }

  app.get<{ Querystring: { session?: string; kind?: string } }>(
    '/oauth/linkedin/start',
    async (request, reply) => {
      let pending: PendingConnect | null;
      if (typeof request.query.session === 'string') {
        pending = await deps.sessions.takePending(request.query.session);
      } else if (config.connectPage.enabled && (request.query.kind ?? 'member') === 'member') {
        pending = {
          tenantId: config.connectPage.tenantId,
          kind: 'member',
          returnTo: null,
          expiresAt: deps.now() + CONNECT_TTL_MS,
        };
      } else {
        return failTo(reply, null, 'missing_params');
      }
      if (!pending) return failTo(reply, null, 'session_expired');
      const state = randomToken();
      const nonce = randomToken();
      await deps.sessions.saveStarted(state, { ...pending, nonceDigest: digest(nonce) });
      reply.setCookie(CONNECT_COOKIE, nonce, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        path: COOKIE_PATH,
        maxAge: CONNECT_TTL_MS / 1000,
      });
      reply.header('referrer-policy', 'no-referrer');
      return reply.redirect(authorizationUrl(linkedin, state, config.linkedin.memberScopes), 302);
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/oauth/linkedin/callback',
    async (request, reply) => {
      const { state, code, error } = request.query;
      reply.header('referrer-policy', 'no-referrer');
      if (!state) return failTo(reply, null, 'missing_params');
      const started = await deps.sessions.takeStarted(state);
      if (!started) return failTo(reply, null, 'session_expired');
      const nonce = request.cookies[CONNECT_COOKIE];
      reply.clearCookie(CONNECT_COOKIE, { path: COOKIE_PATH });
      const log = request.log.child({ tenantId: started.tenantId });
      try {
        if (!nonce || digest(nonce) !== started.nonceDigest) {
          throw new CallbackError('session_expired', 'the flow was started in another browser');
        }
        if (error) throw new CallbackError('authorization_denied', `LinkedIn answered ${error}`);
        if (!code) throw new CallbackError('missing_params', 'no code on the callback');
        const grant = await exchangeCode(linkedin, code).catch((cause: unknown) => {
          throw new CallbackError('token_exchange_failed', 'the code exchange failed', { cause });
        });
        const member = await fetchUserInfo(linkedin, grant.accessToken).catch((cause: unknown) => {
          throw new CallbackError('token_exchange_failed', 'reading the member failed', { cause });
        });
        const connectionId = connectionIdFor(started.tenantId, member.sub);
        const issuedAt = deps.now();
        await deps.events
          .publish(SUBJECTS.tokenIssued, {
            eventId: randomUUID(),
            connectionId,
            tenantId: started.tenantId,
            member,
            organizations: [],
            scopes: grant.scopes,
            accessToken: deps.keyring.seal(grant.accessToken, connectionId),
            accessTokenExpiresAt: new Date(issuedAt + grant.expiresInSeconds * 1000).toISOString(),
            ...(grant.refreshToken
              ? {
                  refreshToken: deps.keyring.seal(grant.refreshToken, connectionId),
                  refreshTokenExpiresAt: new Date(
                    issuedAt + (grant.refreshTokenExpiresInSeconds ?? 0) * 1000,
                  ).toISOString(),
                }
              : {}),
            issuedAt: new Date(issuedAt).toISOString(),
          })
          .catch((cause: unknown) => {
            throw new CallbackError('internal_error', 'publishing token.issued failed', { cause });
          });
        log.info({ connectionId }, 'member connected');
        if (started.returnTo) {
          return reply.redirect(withQuery(started.returnTo, { connected: 'true', connectionId }), 302);
        }
        return reply.headers(HTML_HEADERS).send(
          page(
            'LinkedIn connected',
            `<h1>LinkedIn connected</h1><p>Connected as <strong>${escapeHtml(member.name)}</strong>.</p>
<p class="muted">Connection id: <code id="connection-id">${escapeHtml(connectionId)}</code></p>`,
          ),
        );
      } catch (failure) {
        const callbackError =
          failure instanceof CallbackError
            ? failure
            : new CallbackError('internal_error', 'unexpected failure');
        log.warn({ err: failure, code: callbackError.code }, 'connect failed');
        return failTo(reply, started.returnTo, callbackError.code);
      }
    },
  );
}
