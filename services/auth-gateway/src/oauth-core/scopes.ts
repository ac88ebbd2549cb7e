/** What an access token may do: publish (and read its own requests), and read its connection's status. */
export const OAUTH_SCOPES = ['posts:write', 'connections:read'] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

/** What each scope lets a client do, in words a member reads on the consent page. */
export const SCOPE_DESCRIPTIONS: Record<OAuthScope, string> = {
  'posts:write': 'publish posts on LinkedIn as you (or a Page you administer) and see how they went',
  'connections:read': 'see the status of this LinkedIn connection',
};
