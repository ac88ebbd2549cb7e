import formbody from '@fastify/formbody';
import type { HttpApp } from '@li-bus/service-kit';
import type { ConnectDeps } from './connect-deps.ts';
import { CONNECT_TTL_MS, type PendingConnect } from './connect-sessions.ts';
import { formPageHeaders, HTML_HEADERS } from '../http/html.ts';
import { startConnect } from './start-connect.ts';
import { confirmTokens, isConfirmTokenValid, type ConfirmTarget } from './confirm-token.ts';
import { failTo } from './redirects.ts';
import { confirmConnectPage, confirmRefusedPage } from './confirm-connect-page.ts';

const SELF_SERVE_KINDS = new Set(['member', 'organization']);

type Params = Record<string, unknown>;

/** The flow a start request names: `session` (a backend's link) or, on the self-serve page, `kind`. */
function targetOf(params: Params, deps: Pick<ConnectDeps, 'config' | 'now'>): ConfirmTarget | null {
  const { session, kind = 'member' } = params;
  if (typeof session === 'string' && session !== '') return { session };
  if (deps.config.connectPage.enabled && typeof kind === 'string' && SELF_SERVE_KINDS.has(kind)) {
    return { kind: kind === 'organization' ? 'organization' : 'member' };
  }
  return null;
}

/** The self-serve page's flow: the configured tenant, no `returnTo`. */
function selfServe(
  deps: Pick<ConnectDeps, 'config' | 'now'>,
  kind: 'member' | 'organization',
): PendingConnect {
  const expiresAt = deps.now() + CONNECT_TTL_MS;
  return { tenantId: deps.config.connectPage.tenantId, kind, returnTo: null, expiresAt };
}

/**
 * `GET /oauth/linkedin/start` shows our confirmation page (who asks, as whom) and never uses the flow up: a link
 * preview or a page elsewhere opening it starts nothing. `POST /oauth/linkedin/start` (that page's form, with a
 * token bound to this browser's cookie) takes the one-time flow and sends the browser to LinkedIn.
 */
export function registerOAuthStart(
  app: HttpApp,
  deps: Pick<ConnectDeps, 'config' | 'sessions' | 'now'>,
): void {
  const secure = deps.config.publicOrigin.startsWith('https:');
  const linkedinOrigin = new URL(deps.config.linkedin.authBase).origin;

  app.get<{ Querystring: Params }>('/oauth/linkedin/start', async (request, reply) => {
    const target = targetOf(request.query, deps);
    if (!target) return failTo(reply, deps, null, 'missing_params');
    const flow =
      'session' in target ? await deps.sessions.peekPending(target.session) : selfServe(deps, target.kind);
    if (!flow) return failTo(reply, deps, null, 'session_expired');
    const token = confirmTokens(request, reply, secure)(target);
    const hidden = 'session' in target ? { session: target.session } : { kind: target.kind };
    return reply.headers(formPageHeaders(linkedinOrigin)).send(
      confirmConnectPage({
        tenantId: flow.tenantId,
        kind: flow.kind,
        target: hidden,
        token,
        returnTo: flow.returnTo,
      }),
    );
  });

  // Form bodies only here: the rest of the gateway speaks JSON.
  void app.register(async (scope) => {
    await scope.register(formbody);
    scope.post<{ Body: Params }>('/oauth/linkedin/start', async (request, reply) => {
      const body = request.body ?? {};
      const target = targetOf(body, deps);
      if (!target) return failTo(reply, deps, null, 'missing_params');
      if (!isConfirmTokenValid(request, body['token'], target)) {
        return reply.code(403).headers(HTML_HEADERS).send(confirmRefusedPage());
      }
      const pending =
        'session' in target ? await deps.sessions.takePending(target.session) : selfServe(deps, target.kind);
      if (!pending) return failTo(reply, deps, null, 'session_expired');
      // Only the fields of a pending flow: nothing else a stored entry might hold is carried on.
      return startConnect(reply, deps, {
        tenantId: pending.tenantId,
        kind: pending.kind,
        returnTo: pending.returnTo,
        ...(pending.organizationUrn !== undefined ? { organizationUrn: pending.organizationUrn } : {}),
        expiresAt: pending.expiresAt,
      });
    });
  });
}
