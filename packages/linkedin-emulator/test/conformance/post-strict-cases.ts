import { expect } from 'vitest';
import type { ConformanceCase } from './case.ts';
import { postBody, type Ctx } from './context.ts';
import { rest } from './requests.ts';

const create = (ctx: Ctx, body: unknown) => rest('POST', '/rest/posts', ctx.vars['token'] ?? '', body);

async function memberToken(ctx: Ctx): Promise<void> {
  ctx.vars['token'] = await ctx.token();
}

const UNRECOGNIZED = 'unrecognized field found but not allowed';

/** The 422 of n8n-io/n8n#6327 for one unknown field at `fieldPath`. */
const unrecognized = (fieldPath: string) => ({
  errorDetailType: 'com.linkedin.common.error.BadRequest',
  message: `ERROR :: /${fieldPath} :: ${UNRECOGNIZED}\n`,
  errorDetails: {
    inputErrors: [
      { description: UNRECOGNIZED, input: { inputPath: { fieldPath } }, code: 'UNRECOGNIZED_FIELD' },
    ],
  },
  status: 422,
});

async function noPostsStored(ctx: Ctx): Promise<void> {
  expect((await ctx.admin('GET', '/_emulator/posts')).json()).toEqual([]);
}

const POLL = {
  question: 'Which release name?',
  options: [{ text: 'Aurora' }, { text: 'Borealis' }],
  settings: { duration: 'THREE_DAYS' },
};

const strict = (where: string, body: (ctx: Ctx) => unknown, fieldPath: string): ConformanceCase => ({
  ref: `§9.6 unknown field ${where} → 422 "${UNRECOGNIZED}" (${fieldPath})`,
  arrange: memberToken,
  request: (ctx) => create(ctx, body(ctx)),
  status: 422,
  json: unrecognized(fieldPath),
  headers: { 'x-restli-protocol-version': '2.0.0', 'x-restli-error-response': 'true' },
  verify: noPostsStored,
});

/**
 * Reference §9.6 (December 2026 additions): unknown fields anywhere in a post body are refused; polls and
 * reshares with their validation (§5.2 `reshareContext`).
 */
export const POST_STRICT_CASES: ConformanceCase[] = [
  strict('at the top level', (ctx) => postBody(ctx.memberUrn, 'x', { text: 'x' }), 'text'),
  strict(
    'in distribution (the n8n typo)',
    (ctx) => ({
      ...postBody(ctx.memberUrn, 'x'),
      distribution: { feedDistribution: 'MAIN_FEED', targetEnties: [], thirdPartyDistributionChannels: [] },
    }),
    'distribution/targetEnties',
  ),
  strict(
    'in content.article',
    (ctx) =>
      postBody(ctx.memberUrn, 'x', { content: { article: { source: 'https://e.x', title: 't', url: 'u' } } }),
    'content/article/url',
  ),
  strict(
    'in content.poll.options',
    (ctx) =>
      postBody(ctx.memberUrn, 'x', {
        content: { poll: { ...POLL, options: [{ text: 'a', votes: 1 }, { text: 'b' }] } },
      }),
    'content/poll/options/0/votes',
  ),
  strict(
    'in reshareContext',
    (ctx) =>
      postBody(ctx.memberUrn, 'x', {
        reshareContext: { parent: 'urn:li:share:7000000000000000000', root: 'x' },
      }),
    'reshareContext/root',
  ),
  {
    ref: '§9.6 several unknown fields → one inputError each, MULTIPLE_VALIDATIONS_FAILED',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'x', { title: 't', scheduledAt: 1 })),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          { input: { inputPath: { fieldPath: 'title' } }, code: 'UNRECOGNIZED_FIELD' },
          { input: { inputPath: { fieldPath: 'scheduledAt' } }, code: 'UNRECOGNIZED_FIELD' },
        ],
      },
    },
  },
  {
    ref: '§9.6 poll post → 201, stored and read back as sent',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid w_member_social r_member_social');
    },
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'Vote!', { content: { poll: POLL } })),
    status: 201,
    verify: async (ctx, res) => {
      const urn = String(res.headers['x-restli-id']);
      const got = await ctx.inject(
        rest('GET', `/rest/posts/${encodeURIComponent(urn)}`, ctx.vars['token'] ?? ''),
      );
      expect(got.json()).toMatchObject({ id: urn, content: { poll: POLL } });
    },
  },
  {
    ref: '§9.6 poll with one option → 422',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', { content: { poll: { ...POLL, options: [{ text: 'only' }] } } }),
      ),
    status: 422,
    match: {
      errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'content/poll/options' } } }] },
    },
  },
  {
    ref: '§9.6 poll with five options → 422',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', {
          content: { poll: { ...POLL, options: ['a', 'b', 'c', 'd', 'e'].map((text) => ({ text })) } },
        }),
      ),
    status: 422,
    match: {
      errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'content/poll/options' } } }] },
    },
  },
  {
    ref: '§9.6 poll question over 140 characters → 422 FIELD_LENGTH_TOO_LONG',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', { content: { poll: { ...POLL, question: 'q'.repeat(141) } } }),
      ),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          { input: { inputPath: { fieldPath: 'content/poll/question' } }, code: 'FIELD_LENGTH_TOO_LONG' },
        ],
      },
    },
  },
  {
    ref: '§9.6 poll option over 30 characters → 422 FIELD_LENGTH_TOO_LONG',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', {
          content: { poll: { ...POLL, options: [{ text: 'o'.repeat(31) }, { text: 'b' }] } },
        }),
      ),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          {
            input: { inputPath: { fieldPath: 'content/poll/options/0/text' } },
            code: 'FIELD_LENGTH_TOO_LONG',
          },
        ],
      },
    },
  },
  {
    ref: '§9.6 poll with an unknown duration → 422 not an enum symbol',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', { content: { poll: { ...POLL, settings: { duration: 'ONE_WEEK' } } } }),
      ),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          {
            input: { inputPath: { fieldPath: 'content/poll/settings/duration' } },
            code: 'INVALID_VALUE_FOR_FIELD',
          },
        ],
      },
    },
  },
  {
    ref: '§5.2 reshare with commentary → 201, reshareContext read back',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid w_member_social r_member_social');
      ctx.vars['parent'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, 'Original'));
    },
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'Worth reading', { reshareContext: { parent: ctx.vars['parent'] } }),
      ),
    status: 201,
    verify: async (ctx, res) => {
      const urn = String(res.headers['x-restli-id']);
      const got = await ctx.inject(
        rest('GET', `/rest/posts/${encodeURIComponent(urn)}`, ctx.vars['token'] ?? ''),
      );
      expect(got.json()).toMatchObject({
        commentary: 'Worth reading',
        reshareContext: { parent: ctx.vars['parent'] },
      });
    },
  },
  {
    ref: '§5.2 reshare without commentary → 201',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
      ctx.vars['parent'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, 'Original'));
    },
    request: (ctx) => {
      const { commentary: _c, ...body } = postBody(ctx.memberUrn, '', {
        reshareContext: { parent: ctx.vars['parent'] },
      });
      return create(ctx, body);
    },
    status: 201,
  },
  {
    ref: '§5.2 reshare of a post that does not exist → 422 INVALID_URN_ID',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', { reshareContext: { parent: 'urn:li:share:7000000000000000002' } }),
      ),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          { input: { inputPath: { fieldPath: 'reshareContext/parent' } }, code: 'INVALID_URN_ID' },
        ],
      },
    },
  },
  {
    ref: '§5.2 reshare of a post with isReshareDisabledByAuthor → 422',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
      ctx.vars['parent'] = await ctx.createPost(
        ctx.vars['token'],
        postBody(ctx.memberUrn, 'Mine only', { isReshareDisabledByAuthor: true }),
      );
    },
    request: (ctx) =>
      create(ctx, postBody(ctx.memberUrn, 'x', { reshareContext: { parent: ctx.vars['parent'] } })),
    status: 422,
    match: {
      errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'reshareContext/parent' } } }] },
    },
  },
  {
    ref: '§5.2 reshare carrying its own content → 422',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
      ctx.vars['parent'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, 'Original'));
    },
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', {
          reshareContext: { parent: ctx.vars['parent'] },
          content: { poll: POLL },
        }),
      ),
    status: 422,
    match: { errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'content' } } }] } },
  },
];
