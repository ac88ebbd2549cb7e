// Generated `post.requested` bodies for fuzzing: valid ones (postable by the test member) and invalid ones made
// by one mutation each (missing, extra, badly typed or out-of-range fields, oversized text, huge payloads,
// non-objects and non-JSON). Whether a body is valid is never decided here: the contract's zod schema is the
// oracle (see `fuzz-post-oracle.ts`).
import fc from 'fast-check';

export type BodyKind =
  | 'valid'
  | 'missing-field'
  | 'extra-field'
  | 'bad-type'
  | 'bad-value'
  | 'oversized-text'
  | 'huge'
  | 'not-an-object'
  | 'not-json';

export interface BodyCase {
  kind: BodyKind;
  /** A JSON value, or (for `not-json`) the exact text to send. */
  body: unknown;
}

const RESERVED = [...'|{}@[]()<>#\\*_~'];
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  // Near LinkedIn's 3000 characters once escaped (the case tag adds about 12): either side of the limit.
  fc.integer({ min: 2975, max: 2995 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1485, max: 1497 }).map((n) => '*'.repeat(n)),
  fc.string({ unit: 'binary', minLength: 1300, maxLength: 1500 }),
  fc.string({
    unit: fc.constantFrom(...RESERVED, 'a', ' ', '#tag', '@[Acme](urn:li:organization:123)', '\n'),
    maxLength: 300,
  }),
);
const pastInstant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(Date.now() - 60_000), noInvalidDate: true })
  .map((date) => date.toISOString());
const httpsUrl = fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true });

/** A body the test member can post: text, optionally an article, a visibility, a past `notBefore`. */
export function validBody(connectionId: string, memberUrn: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      requestId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,60}$/),
      connectionId: fc.constant(connectionId),
      author: fc.constant(memberUrn),
      text: anyText,
      visibility: fc.constantFrom('PUBLIC', 'CONNECTIONS', 'LOGGED_IN'),
      article: fc.record(
        {
          url: httpsUrl,
          title: fc.string({ minLength: 1, maxLength: 400 }),
          description: fc.string({ maxLength: 500 }),
        },
        { requiredKeys: ['url'] },
      ),
      notBefore: pastInstant,
    },
    { requiredKeys: ['requestId', 'connectionId', 'text'] },
  );
}

const FIELDS = ['requestId', 'connectionId', 'author', 'text', 'visibility', 'article', 'media', 'notBefore'];
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);
const badValues: Record<string, fc.Arbitrary<unknown>> = {
  requestId: fc.oneof(
    fc.constant(''),
    fc.string({ minLength: 129, maxLength: 400, unit: fc.constantFrom('a', '1', '.') }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map((s) => `${s} /`),
  ),
  connectionId: fc.oneof(
    fc.constant(''),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).map((s) => `${s}!`),
    fc.string({ minLength: 65, maxLength: 100, unit: fc.constantFrom('a', '_') }),
  ),
  author: fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.constant('urn:li:organization:abc'),
    fc.constant('urn:li:person:'),
  ),
  visibility: fc.oneof(fc.string({ maxLength: 20 }), fc.constant('public'), fc.constant('CONTAINER')),
  article: fc.oneof(
    fc.record({
      url: fc.constantFrom('http://example.com', 'javascript:alert(1)', 'ftp://x', '', 'https://'),
    }),
    fc.record({ url: httpsUrl, title: fc.string({ minLength: 401, maxLength: 500 }) }),
    fc.record({
      url: httpsUrl,
      thumbnailUrl: fc.constantFrom('file:///etc/passwd', 'http://127.0.0.1/x.png', 'nats-object://'),
    }),
  ),
  media: fc.oneof(
    fc.constant([]),
    fc.array(fc.record({ type: fc.constant('image'), url: httpsUrl }), { minLength: 21, maxLength: 25 }),
    fc.array(fc.record({ type: fc.string({ maxLength: 8 }), url: fc.string({ maxLength: 30 }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constant([
      { type: 'video', url: 'https://example.com/a.mp4' },
      { type: 'image', url: 'https://example.com/b.png' },
    ]),
  ),
  notBefore: fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('2026-13-01T00:00:00Z', '2026-11-24', 'yesterday', '2026-11-24T09:00:00'),
  ),
};

function mutate(kind: BodyKind, base: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<BodyCase> {
  const field = fc.constantFrom(...FIELDS);
  const withBody = (arb: fc.Arbitrary<unknown>) => arb.map((body) => ({ kind, body }));
  switch (kind) {
    case 'missing-field':
      return withBody(
        fc
          .tuple(base, fc.subarray(['requestId', 'connectionId', 'text'], { minLength: 1 }))
          .map(([body, drop]) => {
            const copy = { ...body };
            for (const key of drop) delete copy[key];
            delete copy['article'];
            return copy;
          }),
      );
    case 'extra-field':
      return withBody(
        fc
          .tuple(
            base,
            fc.oneof(
              fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
              fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
            ),
            fc.jsonValue({ maxDepth: 3 }),
          )
          .filter(([body, key]) => !Object.hasOwn(body, key) && !FIELDS.includes(key))
          // Through JSON text, so `__proto__` becomes an own key as it does for a receiver parsing the body.
          .map(
            ([body, key, value]) =>
              JSON.parse(
                `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},${JSON.stringify(body).slice(1)}`,
              ) as unknown,
          ),
      );
    case 'bad-type':
      return withBody(
        fc.tuple(base, field, wrongType).map(([body, key, value]) => ({ ...body, [key]: value })),
      );
    case 'bad-value':
      return withBody(
        fc
          .tuple(
            base,
            field.chain((key) => (badValues[key] ?? fc.constant(null)).map((value) => [key, value] as const)),
          )
          .map(([body, [key, value]]) => ({
            ...body,
            [key]: value,
          })),
      );
    case 'oversized-text':
      return withBody(
        fc
          .tuple(
            base,
            fc.oneof(
              fc.integer({ min: 3001, max: 3200 }).map((n) => 'x'.repeat(n)),
              fc.integer({ min: 1501, max: 1600 }).map((n) => '*'.repeat(n)),
              fc.integer({ min: 10_000, max: 60_000 }).map((n) => 'é'.repeat(n)),
            ),
          )
          .map(([body, text]) => ({ ...body, text })),
      );
    case 'huge':
      return withBody(
        fc
          .tuple(base, fc.integer({ min: 40_000, max: 1_200_000 }))
          .map(([body, size]) => ({ ...body, padding: 'Z'.repeat(size) })),
      );
    case 'not-an-object':
      return withBody(
        fc.oneof(
          fc.constant(null),
          fc.integer(),
          fc.string({ maxLength: 50 }),
          fc.array(base, { maxLength: 2 }),
          fc.boolean(),
        ),
      );
    case 'not-json':
      return withBody(
        fc.oneof(
          fc.constantFrom(
            '',
            '{',
            '{"requestId":',
            'undefined',
            "{'a':1}",
            '\u0000',
            '{"a":1}{"b":2}',
            'NaN',
          ),
          fc.string({ unit: 'binary', maxLength: 100 }).map((s) => `{${s}`),
        ),
      );
    default:
      return withBody(base);
  }
}

/** Weighted mix: about a third valid, the rest one mutation each (huge payloads rarer). */
export function bodyCase(connectionId: string, memberUrn: string): fc.Arbitrary<BodyCase> {
  const base = validBody(connectionId, memberUrn);
  const weights: [BodyKind, number][] = [
    ['valid', 30],
    ['missing-field', 10],
    ['extra-field', 12],
    ['bad-type', 15],
    ['bad-value', 15],
    ['oversized-text', 6],
    ['huge', 2],
    ['not-an-object', 5],
    ['not-json', 5],
  ];
  return fc.oneof(...weights.map(([kind, weight]) => ({ arbitrary: mutate(kind, base), weight })));
}
