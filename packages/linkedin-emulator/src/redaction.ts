import type { IncomingHttpHeaders } from 'node:http';

/** Query parameters whose values never reach the request log or the pino logs. */
const SECRET_QUERY_KEYS = new Set([
  'code',
  'client_secret',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'oauth2_access_token',
]);

export const REDACTED = '[REDACTED]';

/** The request path with secret query values replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const params = new URLSearchParams(url.slice(queryStart + 1));
  for (const key of new Set(params.keys())) {
    if (SECRET_QUERY_KEYS.has(key.toLowerCase())) params.set(key, REDACTED);
  }
  const query = params.toString();
  return query ? `${url.slice(0, queryStart)}?${query}` : url.slice(0, queryStart);
}

/** Request headers without credentials: the auth scheme is kept, the credential is not; cookies are dropped. */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (name === 'authorization' || name === 'proxy-authorization') {
      const scheme = text.trim().split(/\s+/)[0] ?? '';
      out[name] = text.trim().includes(' ') ? `${scheme} ${REDACTED}` : REDACTED;
      continue;
    }
    out[name] = text;
  }
  return out;
}
