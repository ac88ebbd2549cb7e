import type { Attributes, AttributeValue } from '@opentelemetry/api';

/**
 * Query and form parameters whose values are one-time secrets or credentials: OAuth codes and states (ours
 * and LinkedIn's), the connect `session`, PKCE verifiers, tokens, client secrets, and signed-URL signatures.
 */
export const SECRET_PARAMS: readonly string[] = [
  'code',
  'state',
  'session',
  'request',
  'code_verifier',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'client_assertion',
  'api_key',
  'apikey',
  'password',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'awsaccesskeyid',
];

/** Signed-URL parameters as their issuers spell them (for matchers that compare names exactly). */
export const SIGNED_URL_PARAMS: readonly string[] = [
  'Signature',
  'AWSAccessKeyId',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  'X-Goog-Signature',
];

export const REDACTED = 'REDACTED';

const escaped = SECRET_PARAMS.map((name) => name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
/** `name=value` of a secret parameter anywhere in a text: a query, a full URL, a form body, a log line. */
const SECRET_PARAM = new RegExp(`(^|[?&#;\\s"'])(${escaped})=([^&#\\s"']*)`, 'gi');
/** Attributes that hold credentials whole (captured headers). */
const SECRET_KEY = /(^|\.)(authorization|cookie|set_cookie|set-cookie|x-api-key|proxy-authorization)$/i;

/** `text` with the value of every secret parameter replaced by `REDACTED`. */
export function redactSecretParams(text: string): string {
  if (!text.includes('=')) return text;
  return text.replace(SECRET_PARAM, (_match, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
}

function redactValue(key: string, value: AttributeValue): AttributeValue {
  if (SECRET_KEY.test(key)) return Array.isArray(value) ? value.map(() => REDACTED) : REDACTED;
  if (typeof value === 'string') return redactSecretParams(value);
  if (Array.isArray(value)) {
    return value.map((item: unknown) => (typeof item === 'string' ? redactSecretParams(item) : item));
  }
  return value;
}

/** The attributes whose values change once secrets are redacted (only those; empty when nothing does). */
export function redactedAttributes(attributes: Attributes): Attributes {
  const changed: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    const redacted = redactValue(key, value);
    if (JSON.stringify(redacted) !== JSON.stringify(value)) changed[key] = redacted;
  }
  return changed;
}
