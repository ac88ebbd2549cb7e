import { POSTING_ROLES } from './directory.ts';
import type { Authenticated } from './bearer-auth.ts';
import type { EmulatorState } from './state.ts';

const AUTHOR = /^urn:li:(person|organization):([A-Za-z0-9_-]+)$/;

export type AuthorRef = { kind: 'person' | 'organization'; id: string };

export function parseAuthor(urn: string): AuthorRef | undefined {
  const match = AUTHOR.exec(urn);
  if (!match?.[2]) return undefined;
  if (match[1] === 'organization')
    return /^\d+$/.test(match[2]) ? { kind: 'organization', id: match[2] } : undefined;
  return { kind: 'person', id: match[2] };
}

/** True when the member holds a posting role (ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER, CONTENT_ADMIN). */
function hasPostingRole(state: EmulatorState, context: Authenticated, organizationId: string): boolean {
  const role = context.member.roles.get(organizationId);
  return (
    state.directory.organizations.has(organizationId) && role !== undefined && POSTING_ROLES.includes(role)
  );
}

function allowed(
  state: EmulatorState,
  context: Authenticated,
  urn: string,
  scopes: { person: string; organization: string },
): boolean {
  const author = parseAuthor(urn);
  if (!author) return false;
  if (author.kind === 'person') {
    return author.id === context.member.sub && context.token.scopes.includes(scopes.person);
  }
  return context.token.scopes.includes(scopes.organization) && hasPostingRole(state, context, author.id);
}

/** Create or delete posts, upload media as `urn` (reference §5.2, §10). */
export const mayWriteAs = (state: EmulatorState, context: Authenticated, urn: string): boolean =>
  allowed(state, context, urn, { person: 'w_member_social', organization: 'w_organization_social' });

/** Read posts or media owned by `urn`: `r_member_social` or `r_organization_social` with a role (§5.3, §6). */
export const mayReadAs = (state: EmulatorState, context: Authenticated, urn: string): boolean =>
  allowed(state, context, urn, { person: 'r_member_social', organization: 'r_organization_social' });

export const hasReadScope = (context: Authenticated): boolean =>
  context.token.scopes.includes('r_member_social') || context.token.scopes.includes('r_organization_social');

/** Comment as `urn` (issue 19 item 1, reference §9.6 December 2026 additions): the `_feed` scopes. */
export const mayCommentAs = (state: EmulatorState, context: Authenticated, urn: string): boolean =>
  allowed(state, context, urn, {
    person: 'w_member_social_feed',
    organization: 'w_organization_social_feed',
  });
