import type { HttpApp } from '@li-bus/service-kit';
import type { GatewayConfig } from '../config.ts';
import type { CallbackErrorCode } from '../http/errors.ts';
import { escapeHtml, formPageHeaders, page } from '../http/html.ts';
import { confirmTokens } from './confirm-token.ts';

const MESSAGES: Record<CallbackErrorCode, string> = {
  missing_params: 'LinkedIn sent the browser back without the expected parameters.',
  session_expired: 'This connect attempt expired or was opened in another browser.',
  authorization_denied: 'The LinkedIn permission request was declined.',
  token_exchange_failed: 'LinkedIn did not accept the sign-in. Please try again.',
  internal_error: 'Something went wrong on our side. Please try again.',
};

const LINK_BUTTON =
  'background:none;border:0;padding:0;color:#0a66c2;text-decoration:underline;cursor:pointer;font:inherit';

/** A one-button form that starts the self-serve flow of `kind`, with this browser's confirmation token. */
function startForm(kind: 'member' | 'organization', token: string, button: string): string {
  return `<form method="post" action="/oauth/linkedin/start" style="display:inline">
<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="token" value="${escapeHtml(token)}">
${button}</form>`;
}

/**
 * `GET /connect`: the self-serve page with a Connect button, and the place failed flows land on. Its buttons POST
 * to `/oauth/linkedin/start` with a token bound to this browser, so the click on this page is the confirmation.
 */
export function registerConnectPage(
  app: HttpApp,
  config: Pick<GatewayConfig, 'connectPage' | 'publicOrigin' | 'linkedin'>,
): void {
  const secure = config.publicOrigin.startsWith('https:');
  const headers = formPageHeaders(new URL(config.linkedin.authBase).origin);
  app.get<{ Querystring: { error?: string } }>('/connect', async (request, reply) => {
    if (!config.connectPage.enabled)
      return reply.code(404).send({ error: { code: 'not_found', message: 'connect page is off' } });
    const code = request.query.error;
    const known =
      code !== undefined && Object.hasOwn(MESSAGES, code) ? (code as CallbackErrorCode) : undefined;
    const error = code
      ? `<p class="error" id="error" data-code="${escapeHtml(code)}">${escapeHtml(
          known ? MESSAGES[known] : 'The connect attempt failed.',
        )} <span class="muted">(${escapeHtml(code)})</span></p>`
      : '';
    const tokenFor = confirmTokens(request, reply, secure);
    const member = tokenFor({ kind: 'member' });
    const organization = tokenFor({ kind: 'organization' });
    return reply.headers(headers).send(
      page(
        'Connect LinkedIn',
        `<h1>${code ? 'Connect LinkedIn again' : 'Connect LinkedIn'}</h1>${error}
<p>Let <strong id="tenant">${escapeHtml(config.connectPage.tenantId)}</strong> publish posts on LinkedIn on your behalf.
You will be asked on LinkedIn to allow it.</p>
<div>${startForm('member', member, `<button class="button" id="connect">${code ? 'Try again' : 'Connect LinkedIn'}</button>`)}</div>
<div class="muted" style="margin-top:1rem">Posting as a Company Page you administer?
${startForm('organization', organization, `<button id="connect-page" style="${LINK_BUTTON}">Connect a Company Page</button>`)}</div>`,
      ),
    );
  });
}
