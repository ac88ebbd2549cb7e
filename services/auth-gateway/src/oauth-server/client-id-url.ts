import { OAuthError } from './oauth-error.ts';

/**
 * A `client_id` that is a URL names a Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document);
 * ours are `lbc_…`, so the two never overlap.
 */
export function isClientIdUrl(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

/** The id is kept in every pending request, code and token record: bounded like a registered redirect URI. */
export const MAX_CLIENT_ID_URL_LENGTH = 512;

const refuse = (why: string) =>
  new OAuthError('invalid_client', `client_id is not a usable client metadata document URL: ${why}`);

/**
 * The draft's rules for the URL itself: https, a path, no fragment, no credentials, no `.`/`..` segments (checked
 * on the string as sent, because the URL parser would quietly remove them, and the id is compared unnormalised).
 * `insecureHosts` (`OAUTH_CLIENT_METADATA_INSECURE_HOSTS`) may also be named with `http://`.
 * Returns the URL to fetch: plain HTTP for an insecure host.
 */
export function checkClientIdUrl(clientId: string, insecureHosts: readonly string[]): URL {
  if (clientId.length > MAX_CLIENT_ID_URL_LENGTH)
    throw refuse(`longer than ${MAX_CLIENT_ID_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    throw refuse('not a URL');
  }
  const insecure = insecureHosts.includes(url.host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && insecure)) throw refuse('it must be https');
  if (clientId.includes('#')) throw refuse('it has a fragment');
  if (url.username || url.password) throw refuse('it has credentials');
  const rawPath =
    clientId
      .slice(clientId.indexOf('//') + 2)
      .replace(/^[^/?]*/, '')
      .split('?')[0] ?? '';
  if (rawPath === '' || rawPath === '/') throw refuse('it has no path');
  if (rawPath.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    throw refuse('it has a dot segment');
  }
  if (insecure) url.protocol = 'http:';
  return url;
}
