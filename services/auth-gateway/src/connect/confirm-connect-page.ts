import type { ConnectionKind } from '../linkedin/apps.ts';
import { escapeHtml, page } from '../http/html.ts';

export interface ConfirmConnectView {
  tenantId: string;
  kind: ConnectionKind;
  /** The hidden fields naming the flow: `session` or `kind`. */
  target: Record<string, string>;
  token: string;
  /** Where the browser goes when the flow ends (a backend's `returnTo`), when not our own page. */
  returnTo: string | null;
}

/**
 * Our page between a connect link and LinkedIn: who asks, for what, and one button that POSTs with the
 * browser-bound token. Nothing goes to LinkedIn until the member clicks; every value shown is escaped.
 */
export function confirmConnectPage(view: ConfirmConnectView): string {
  const as = view.kind === 'organization' ? 'on a Company Page you administer' : 'on LinkedIn as you';
  const hidden = Object.entries({ ...view.target, token: view.token })
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const back = view.returnTo
    ? `<p class="muted">Afterwards you are sent to <code id="return-host">${escapeHtml(new URL(view.returnTo).host)}</code>.</p>`
    : '';
  return page(
    'Connect LinkedIn',
    `<h1><span id="tenant">${escapeHtml(view.tenantId)}</span> wants to publish ${as}</h1>
<p>If you continue, you sign in to LinkedIn and allow it there. ${
      view.kind === 'organization'
        ? 'Posts are then published as the Pages you administer.'
        : 'Posts are then published in your name.'
    }</p>${back}
<form method="post" action="/oauth/linkedin/start">
${hidden}
<button class="button" id="confirm">Continue to LinkedIn</button>
</form>
<p class="muted">Did not expect this? Close this window; nothing has been connected.</p>`,
  );
}

/** A confirmation POST that did not come from our page in this browser: refused, nothing used up. */
export function confirmRefusedPage(): string {
  return page(
    'Connect LinkedIn',
    `<h1>This connect request was not confirmed here</h1>
<p class="error" id="error" data-code="confirmation_required">Open the connect link again in this browser and
confirm on our page.</p>`,
  );
}
