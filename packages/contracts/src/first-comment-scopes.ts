/**
 * Whether a connection can post a first comment as an author, derived from the scopes LinkedIn granted (the
 * `scopes` of `token.issued` / `tokens.get`): commenting needs `w_member_social_feed` as the member and
 * `w_organization_social_feed` as a Page (reference §9.6, December 2026 additions). One rule for the publisher
 * (refusing a request up front) and the gateway (the connection view); no second record of it anywhere.
 */
export const COMMENT_SCOPES = {
  member: 'w_member_social_feed',
  organization: 'w_organization_social_feed',
} as const;

export function commentScopeFor(author: string): string {
  return author.startsWith('urn:li:organization:') ? COMMENT_SCOPES.organization : COMMENT_SCOPES.member;
}

export function canCommentAs(scopes: readonly string[], author: string): boolean {
  return scopes.includes(commentScopeFor(author));
}

/** The connection view's `canComment`: as the member, and as the Pages it administers. */
export function commentCapability(scopes: readonly string[]): { member: boolean; organizations: boolean } {
  return {
    member: scopes.includes(COMMENT_SCOPES.member),
    organizations: scopes.includes(COMMENT_SCOPES.organization),
  };
}
