import type { HttpApp } from '@li-bus/service-kit';
import type { CallbackErrorCode } from '../errors.ts';
import { HTML_HEADERS, escapeHtml, page } from '../html.ts';

const MESSAGES: Record<CallbackErrorCode, string> = {
  missing_params: 'LinkedIn sent the browser back without the expected parameters.',
  session_expired: 'This connect attempt expired or was opened in another browser.',
  authorization_denied: 'The LinkedIn permission request was declined.',
  token_exchange_failed: 'LinkedIn did not accept the sign-in. Please try again.',
  internal_error: 'Something went wrong on our side. Please try again.',
};

/** `GET /connect`: the self-serve page with a Connect button, and the place failed flows land on. */
export function registerConnectPage(app: HttpApp, deps: { enabled: boolean }): void {
  app.get<{ Querystring: { error?: string } }>('/connect', async (request, reply) => {
    if (!deps.enabled)
      return reply.code(404).send({ error: { code: 'not_found', message: 'connect page is off' } });
    const code = request.query.error;
    const known =
      code !== undefined && Object.hasOwn(MESSAGES, code) ? (code as CallbackErrorCode) : undefined;
    const error = code
      ? `<p class="error" id="error" data-code="${escapeHtml(code)}">${escapeHtml(
          known ? MESSAGES[known] : 'The connect attempt failed.',
        )} <span class="muted">(${escapeHtml(code)})</span></p>`
      : '';
    return reply.headers(HTML_HEADERS).send(
      page(
        'Connect LinkedIn',
        `<h1>${code ? 'Connect LinkedIn again' : 'Connect LinkedIn'}</h1>${error}
<p>Let our services publish posts on your behalf. You will be asked on LinkedIn to allow it.</p>
<p><a class="button" id="connect" href="/oauth/linkedin/start?kind=member">${code ? 'Try again' : 'Connect LinkedIn'}</a></p>
<p class="muted">Posting as a Company Page you administer?
<a id="connect-page" href="/oauth/linkedin/start?kind=organization">Connect a Company Page</a></p>`,
      ),
    );
  });
}
