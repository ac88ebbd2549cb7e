import type { ConnectionKind } from '../linkedin/apps.ts';
import type { ConnectResult } from './complete-connect.ts';
import { escapeHtml, page } from '../http/html.ts';

/** The self-serve success page: who connected and, for a Company Page flow, which Pages the connection covers. */
export function connectedPage(result: ConnectResult, kind: ConnectionKind): string {
  const pages =
    kind !== 'organization'
      ? ''
      : result.organizations.length === 0
        ? `<p class="error" id="no-pages">You do not administer any LinkedIn Page, so nothing can be posted as a Page.
<a href="/connect">Connect again</a> with an account that does.</p>`
        : `<p>Pages you can post as:</p><ul id="pages">${result.organizations
            .map(
              (o) =>
                `<li data-urn="${escapeHtml(o.urn)}"><strong>${escapeHtml(o.name)}</strong> <span class="muted">${escapeHtml(
                  o.role.toLowerCase().replace(/_/g, ' '),
                )}</span></li>`,
            )
            .join('')}</ul>`;
  return page(
    'LinkedIn connected',
    `<h1>LinkedIn connected</h1>
<p>Connected as <strong id="member-name">${escapeHtml(result.member.name)}</strong>.</p>${pages}
<p class="muted">Connection id: <code id="connection-id">${escapeHtml(result.connectionId)}</code></p>
<p class="muted">You can close this window. To connect another account, <a href="/connect">start again</a>.</p>`,
  );
}
