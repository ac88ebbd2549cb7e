import type { Member } from './directory.ts';
import { escapeHtml, htmlPage } from './html.ts';

const SCOPE_TEXT: Record<string, string> = {
  openid: 'Use your name and photo to sign you in (OpenID Connect)',
  profile: 'Use your name and photo',
  email: 'Use the primary email address associated with your LinkedIn account',
  w_member_social: 'Create, modify, and delete posts, comments, and reactions on your behalf',
  w_organization_social: 'Create, modify, and delete posts, comments, and reactions on behalf of your pages',
  r_organization_social: "Retrieve your organizations' posts, comments, reactions, and other engagement data",
  rw_organization_admin: "Manage your organizations' pages and retrieve reporting data",
};

export interface ConsentPageInput {
  clientId: string;
  member: Member;
  scopes: string[];
  /** Original request parameters, carried as hidden fields to the decision endpoint. */
  hidden: Record<string, string | undefined>;
  action: string;
}

/** LinkedIn's consent screen: all requested scopes, Allow or Cancel (no per-scope choice). */
export function renderConsentPage(input: ConsentPageInput): string {
  const scopes = input.scopes
    .map((s) => `<li><code>${escapeHtml(s)}</code> ${escapeHtml(SCOPE_TEXT[s] ?? '')}</li>`)
    .join('\n');
  const hidden = Object.entries(input.hidden)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return htmlPage(
    'Authorize app',
    `<h1>App <code>${escapeHtml(input.clientId)}</code> would like to:</h1>
<ul>
${scopes}
</ul>
<p>Signed in as <strong>${escapeHtml(input.member.name)}</strong> (<code>${escapeHtml(input.member.sub)}</code>)</p>
<form method="post" action="${escapeHtml(input.action)}">
${hidden}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
<p class="banner">Not you? <button type="submit" name="decision" value="cancel_login">Cancel sign-in</button></p>
</form>`,
  );
}

/** LinkedIn shows these on its own page and does not redirect. */
export function renderErrorPage(message: string): string {
  return htmlPage(
    'Bummer, something went wrong',
    `<h1>Bummer, something went wrong.</h1>\n<p class="error">${escapeHtml(message)}</p>`,
  );
}
