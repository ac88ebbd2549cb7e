import { escapeHtml, HTML_HEADERS, page } from '../http/html.ts';
import type { OAuthClient } from './records.ts';
import { SCOPE_DESCRIPTIONS, type OAuthScope } from '../oauth-core/scopes.ts';

/** The consent page's headers: its form may lead to LinkedIn (Allow) or back to the client (Deny). */
export function consentHeaders(linkedinOrigin: string, redirectUri: string): Record<string, string> {
  return {
    ...HTML_HEADERS,
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${linkedinOrigin} ${new URL(redirectUri).origin}; frame-ancestors 'none'`,
  };
}

/**
 * A client known only by its metadata document names itself: the page says which host vouches for that name,
 * and that nobody here reviewed it.
 */
function unreviewedNotice(client: OAuthClient): string {
  if (!client.fromMetadataDocument) return '';
  const host = new URL(client.clientId).host;
  return `<p class="error" id="client-unreviewed">This application was not registered or reviewed by
<code>${escapeHtml(client.tenantId)}</code>: it describes itself, and its name is only what
<code id="client-host">${escapeHtml(host)}</code> says. Continue only if you trust
<code>${escapeHtml(host)}</code>.</p>`;
}

/** Who is asking, for what, and where the answer goes; everything the client chose is escaped. */
export function consentPage(
  client: OAuthClient,
  redirectUri: string,
  scope: string[],
  requestId: string,
): string {
  const name = client.clientName ?? client.clientId;
  const items = scope.map((s) => `<li>${escapeHtml(SCOPE_DESCRIPTIONS[s as OAuthScope] ?? s)}</li>`).join('');
  return page(
    'Allow access to LinkedIn',
    `<h1><span id="client-name">${escapeHtml(name)}</span> wants to use your LinkedIn</h1>
${unreviewedNotice(client)}
<p>If you allow it, it may:</p><ul id="scopes">${items}</ul>
<p class="muted">You will sign in to LinkedIn next. Afterwards you are sent to
<code id="redirect-host">${escapeHtml(new URL(redirectUri).host)}</code>.</p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="request" value="${escapeHtml(requestId)}">
<button class="button" name="decision" value="allow-member" id="allow">Allow, as me</button>
<button class="button" name="decision" value="allow-organization" id="allow-page">Allow, as a Page I administer</button>
<button class="button" name="decision" value="deny" id="deny" style="background:#666">Deny</button>
</form>`,
  );
}

/** A refusal that must not be redirected (unknown client, unregistered redirect URI): shown, escaped. */
export function authorizeErrorPage(code: string, description: string): string {
  return page(
    'Authorization failed',
    `<h1>This authorization request cannot be completed</h1>
<p class="error"><code id="error">${escapeHtml(code)}</code>: <span id="error-description">${escapeHtml(description)}</span></p>
<p class="muted">Go back to the application that sent you here.</p>`,
  );
}
