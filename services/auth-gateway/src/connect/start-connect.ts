import type { FastifyReply } from 'fastify';
import type { ConnectDeps } from './connect-deps.ts';
import { CONNECT_TTL_MS, digest, randomToken, type StartedConnect } from './connect-sessions.ts';
import { authorizationUrl } from '../linkedin/oauth-client.ts';
import { linkedInAppFor } from '../linkedin/apps.ts';
import { inConnectStartSpan } from './connect-trace.ts';

export const CONNECT_COOKIE = 'li_connect';
export const COOKIE_PATH = '/oauth/linkedin';

/** A flow about to go to LinkedIn: everything of a started flow but the browser binding. */
export type ConnectToStart = Omit<StartedConnect, 'nonceDigest' | 'traceparent'>;

/**
 * Sends this browser to LinkedIn for `flow`: a fresh 256-bit state, bound to the browser by an HttpOnly SameSite
 * cookie nonce, so the callback only completes in the browser that was sent. Only called from a POST the user
 * made on one of our pages. `prompt` is never sent: `prompt=none` silently drops scopes.
 */
export async function startConnect(
  reply: FastifyReply,
  deps: Pick<ConnectDeps, 'sessions' | 'config'>,
  flow: ConnectToStart,
) {
  const state = randomToken();
  const nonce = randomToken();
  const started: StartedConnect = { ...flow, nonceDigest: digest(nonce) };
  await inConnectStartSpan(flow.tenantId, (traceparent) =>
    deps.sessions.saveStarted(state, traceparent ? { ...started, traceparent } : started),
  );
  reply.setCookie(CONNECT_COOKIE, nonce, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.publicOrigin.startsWith('https:'),
    path: COOKIE_PATH,
    maxAge: CONNECT_TTL_MS / 1000,
  });
  reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
  const linkedin = linkedInAppFor(deps.config, flow.kind);
  return reply.redirect(authorizationUrl(linkedin, state, linkedin.scopes), 303);
}
