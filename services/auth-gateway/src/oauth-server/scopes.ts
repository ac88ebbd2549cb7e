import { OAUTH_SCOPES } from '../oauth-core/scopes.ts';
import { OAuthError } from './oauth-error.ts';

const KNOWN = new Set<string>(OAUTH_SCOPES);

/** A space-separated scope string, checked against what is supported and (if given) what is allowed. */
export function parseScope(value: string | undefined, allowed: readonly string[] = OAUTH_SCOPES): string[] {
  if (value === undefined || value.trim() === '') return [...allowed];
  const asked = [...new Set(value.split(' ').filter(Boolean))];
  const unknown = asked.filter((scope) => !KNOWN.has(scope) || !allowed.includes(scope));
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `scope not allowed: ${unknown.join(' ')}`);
  return asked;
}
