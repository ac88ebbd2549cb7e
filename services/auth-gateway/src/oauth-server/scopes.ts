import { OAuthError } from './oauth-error.ts';

/** What an access token may do: publish (and read its own requests), and read its connection's status. */
export const OAUTH_SCOPES = ['posts:write', 'connections:read'] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

/** What each scope lets a client do, in words a member reads on the consent page. */
export const SCOPE_DESCRIPTIONS: Record<OAuthScope, string> = {
  'posts:write': 'publish posts on LinkedIn as you (or a Page you administer) and see how they went',
  'connections:read': 'see the status of this LinkedIn connection',
};

const KNOWN = new Set<string>(OAUTH_SCOPES);

/** A space-separated scope string, checked against what is supported and (if given) what is allowed. */
export function parseScope(value: string | undefined, allowed: readonly string[] = OAUTH_SCOPES): string[] {
  if (value === undefined || value.trim() === '') return [...allowed];
  const asked = [...new Set(value.split(' ').filter(Boolean))];
  const unknown = asked.filter((scope) => !KNOWN.has(scope) || !allowed.includes(scope));
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `scope not allowed: ${unknown.join(' ')}`);
  return asked;
}
