// Generated query strings for `GET /oauth/linkedin/callback`: unicode, repeated and unknown parameters, HTML
// payloads, malformed percent-encoding, over-long values, sometimes on a real started flow (state and cookie).
// The right answer follows from the route's documented answers (see `expectedCallback`).
import fc from 'fast-check';

export interface CallbackCase {
  /** Decoded key/value pairs, in order; `MARK` in a value becomes a marker unique to the case. */
  params: [string, string][];
  /** Raw fragments appended as they are (malformed encodings, keys without `=`). */
  malformed: string[];
  /** On a real started flow: its state first, with or without the browser's cookie. */
  live: 'none' | 'with-cookie' | 'without-cookie';
}

/** Payloads that are harmless only when HTML-escaped; `MARK` makes each one findable. */
const HTML_PAYLOADS = [
  '"><script>MARK</script>',
  '<img src=x onerror=MARK>',
  "' autofocus onfocus='MARK",
  '</p><p id="MARK">',
  '&lt;MARK&gt;',
  '<svg/onload=MARK>',
];

const key = fc.oneof(
  { arbitrary: fc.constantFrom('state', 'code', 'error', 'error_description'), weight: 12 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'State', 'state[]', 'code ', ''), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 3 },
);
const value = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 8 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 6 },
  { arbitrary: fc.constantFrom(...HTML_PAYLOADS), weight: 6 },
  { arbitrary: fc.constant(''), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      'missing_params',
      'session_expired',
      'toString',
      '__proto__',
      'constructor',
      'user_cancelled_login',
    ),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'A'.repeat(n)), weight: 1 },
  { arbitrary: fc.integer({ min: 20_000, max: 40_000 }).map((n) => 'B'.repeat(n)), weight: 1 },
);
const MALFORMED = [
  '%zz=1',
  'state=%E0%A4',
  'code=%',
  '==',
  '&&',
  'state',
  'error=%00x',
  'state=%C0%AF',
  '%=%',
  'code=a%2',
  'error',
];

export function callbackCase(): fc.Arbitrary<CallbackCase> {
  return fc.record({
    params: fc.array(fc.tuple(key, value), { maxLength: 6 }),
    malformed: fc.subarray(MALFORMED, { maxLength: 2 }),
    live: fc.oneof(
      { arbitrary: fc.constant('none' as const), weight: 85 },
      { arbitrary: fc.constant('with-cookie' as const), weight: 12 },
      { arbitrary: fc.constant('without-cookie' as const), weight: 3 },
    ),
  });
}

/** UTF-8 percent-encoding that never throws (a lone surrogate becomes U+FFFD, as a browser would send it). */
function encode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

export interface BuiltQuery {
  query: string;
  /** The payloads as planted (markers filled in): none may come back unescaped. */
  payloads: string[];
}

export function buildQuery(c: CallbackCase, marker: string, liveState?: string): BuiltQuery {
  const payloads: string[] = [];
  const pairs = c.params.map(([k, v], i) => {
    const filled = v.replaceAll('MARK', `${marker}x${i}`);
    if (filled !== v) payloads.push(filled);
    return `${encode(k)}=${encode(filled)}`;
  });
  if (liveState !== undefined) pairs.unshift(`state=${encode(liveState)}`);
  return { query: [...pairs, ...c.malformed].join('&'), payloads };
}

export type CallbackCode =
  'missing_params' | 'session_expired' | 'authorization_denied' | 'token_exchange_failed';

/**
 * The documented answer: a 302 to `returnTo` (a started flow) or `/connect` with `error=<code>`. No single,
 * non-empty `state` → missing_params; a state that is not a live flow, or a live one from another browser →
 * session_expired; LinkedIn's `error` → authorization_denied; no single `code` → missing_params; a code LinkedIn
 * does not know → token_exchange_failed. A request line over Node's 16 KiB header limit → 431.
 */
export function expectedCallback(
  query: string,
  live: CallbackCase['live'],
): { status: number; code?: CallbackCode } {
  if (query.length > 16_000) return { status: 431 };
  const params = new URLSearchParams(query);
  const single = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 && values[0] !== '' ? values[0] : undefined;
  };
  if (single('state') === undefined) return { status: 302, code: 'missing_params' };
  if (live !== 'with-cookie') return { status: 302, code: 'session_expired' };
  if (params.getAll('error').some((v) => v !== '')) return { status: 302, code: 'authorization_denied' };
  if (single('code') === undefined) return { status: 302, code: 'missing_params' };
  return { status: 302, code: 'token_exchange_failed' };
}
