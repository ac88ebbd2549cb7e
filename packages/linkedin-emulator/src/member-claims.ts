import type { Member } from './directory.ts';

/** Userinfo and id_token claims: `sub` always, profile fields with `profile`, email with `email`. */
export function memberClaims(member: Member, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: member.sub };
  if (scopes.includes('profile')) {
    claims['name'] = member.name;
    claims['given_name'] = member.givenName;
    claims['family_name'] = member.familyName;
    claims['picture'] = member.picture;
    claims['locale'] = { ...member.locale };
  }
  if (scopes.includes('email')) {
    claims['email'] = member.email;
    claims['email_verified'] = member.emailVerified;
  }
  return claims;
}
