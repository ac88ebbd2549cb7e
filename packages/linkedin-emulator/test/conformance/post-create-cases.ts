import { expect } from 'vitest';
import type { ConformanceCase } from './case.ts';
import type { Ctx } from './context.ts';
import { postBody } from './context.ts';
import { ACCESS_DENIED, rest } from './requests.ts';

const create = (ctx: Ctx, body: unknown, token = ctx.vars['token'] ?? '') =>
  rest('POST', '/rest/posts', token, body);

async function memberToken(ctx: Ctx): Promise<void> {
  ctx.vars['token'] = await ctx.token();
}

async function storedCommentary(ctx: Ctx): Promise<string[]> {
  return (await ctx.admin('GET', '/_emulator/posts'))
    .json<{ commentary: string }[]>()
    .map((p) => p.commentary);
}

const truncation = (sent: string, stored: string): ConformanceCase => ({
  ref: `§5.4 ${JSON.stringify(sent)} is stored as ${JSON.stringify(stored)} (201)`,
  arrange: memberToken,
  request: (ctx) => create(ctx, postBody(ctx.memberUrn, sent)),
  status: 201,
  verify: async (ctx) => {
    expect(await storedCommentary(ctx)).toEqual([stored]);
  },
});

const MENTIONS = 'Big day #launch with @[Emulated Widgets Inc](urn:li:organization:123) and #v2_0!';

/** Reference §5.2 (create and permissions), §5.4 (little text) and §5.5 (duplicates). */
export const POST_CREATE_CASES: ConformanceCase[] = [
  {
    ref: '§5.2 create → 201, empty body, URN only in x-restli-id',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'Hello from the emulator')),
    status: 201,
    body: '',
    headers: { 'x-restli-id': /^urn:li:share:\d{19}$/, location: null, 'x-linkedin-id': null },
    verify: async (ctx, res) => {
      const posts = (await ctx.admin('GET', '/_emulator/posts')).json<object[]>();
      expect(posts).toEqual([
        expect.objectContaining({
          urn: res.headers['x-restli-id'],
          author: ctx.memberUrn,
          commentary: 'Hello from the emulator',
          visibility: 'PUBLIC',
          content: null,
          createdAt: ctx.state.clock.now(),
          deletedAt: null,
        }),
      ]);
    },
  },
  {
    ref: '§9.4 missing and invalid fields → 422 listing every problem',
    arrange: memberToken,
    request: (ctx) => {
      const { author: _author, ...body } = postBody(ctx.memberUrn, 'x');
      return create(ctx, { ...body, lifecycleState: 'DRAFT' });
    },
    status: 422,
    json: {
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message:
        'ERROR :: /author :: field is required but not found and has no default value\nERROR :: /lifecycleState :: "DRAFT" is not an enum symbol\n',
      errorDetails: {
        inputErrors: [
          {
            description: 'field is required but not found and has no default value',
            input: { inputPath: { fieldPath: 'author' } },
            code: 'MISSING_FIELD',
          },
          {
            description: '"DRAFT" is not an enum symbol',
            input: { inputPath: { fieldPath: 'lifecycleState' } },
            code: 'INVALID_VALUE_FOR_FIELD',
          },
        ],
      },
      status: 422,
    },
  },
  {
    ref: '§9.4 an author that is not a person or organization URN → INVALID_URN_TYPE',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody('urn:li:company:1', 'x')),
    status: 422,
    match: { errorDetails: { inputErrors: [{ code: 'INVALID_URN_TYPE' }] } },
  },
  {
    ref: '§5.2 CONNECTIONS visibility is for member posts only',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody(ctx.orgUrn, 'x', { visibility: 'CONNECTIONS' })),
    status: 422,
    match: { errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'visibility' } } }] } },
  },
  {
    ref: '§5.2 content must hold exactly one kind',
    arrange: memberToken,
    request: (ctx) =>
      create(
        ctx,
        postBody(ctx.memberUrn, 'x', {
          content: { article: { source: 'https://e.x', title: 't' }, celebration: {} },
        }),
      ),
    status: 422,
    match: { errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'content' } } }] } },
  },
  {
    ref: '§5.2 a Page ADMINISTRATOR with w_organization_social posts as the organization',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody(ctx.orgUrn, 'From the page')),
    status: 201,
  },
  {
    ref: '§9.3 organization author without w_organization_social → 403 CREATE',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile w_member_social');
    },
    request: (ctx) => create(ctx, postBody(ctx.orgUrn, 'x')),
    status: 403,
    json: ACCESS_DENIED('partnerApiPostsExternal.CREATE.20260901'),
  },
  {
    ref: '§9.3 organization author with only an ANALYST role → 403 naming the requested version',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/members', {
        members: [
          {
            sub: 'analyst01',
            name: 'Ana Lyst',
            organizations: [{ id: ctx.orgId, name: 'x', role: 'ANALYST' }],
          },
        ],
      });
      ctx.vars['token'] = await ctx.token('openid w_member_social w_organization_social', 'analyst01');
    },
    request: (ctx) =>
      rest('POST', '/rest/posts', ctx.vars['token'] ?? '', postBody(ctx.orgUrn, 'x'), {
        'linkedin-version': '202606',
      }),
    status: 403,
    json: ACCESS_DENIED('partnerApiPostsExternal.CREATE.20260601'),
  },
  {
    ref: '§9.3 posting as another person → 403',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody('urn:li:person:someoneElse', 'x')),
    status: 403,
    match: { code: 'ACCESS_DENIED' },
  },
  {
    ref: '§5.4 exactly 3000 characters is accepted',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'a'.repeat(3000))),
    status: 201,
  },
  {
    ref: '§5.4 more than 3000 characters → 400 FIELD_LENGTH_TOO_LONG',
    arrange: memberToken,
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'b'.repeat(3001))),
    status: 400,
    match: {
      status: 400,
      errorDetails: {
        inputErrors: [{ code: 'FIELD_LENGTH_TOO_LONG', input: { inputPath: { fieldPath: 'commentary' } } }],
      },
    },
  },
  truncation('Launch \\(beta\\) today \\*with\\* a\\_b', 'Launch \\(beta\\) today \\*with\\* a\\_b'),
  truncation('Launch (beta) today', 'Launch '),
  truncation(MENTIONS, MENTIONS),
  {
    ref: '§5.5 same author and text within 10 minutes → 422 DUPLICATE_POST naming the first URN',
    arrange: async (ctx) => {
      await memberToken(ctx);
      ctx.vars['first'] = await ctx.createPost(
        ctx.vars['token'] ?? '',
        postBody(ctx.memberUrn, 'Same text twice'),
      );
    },
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'Same text twice')),
    status: 422,
    json: (ctx) => ({
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${ctx.vars['first']}`,
      errorDetails: {
        inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }],
      },
      status: 422,
    }),
  },
  {
    ref: '§5.5 the duplicate restriction expires after 10 minutes',
    arrange: async (ctx) => {
      await memberToken(ctx);
      await ctx.createPost(ctx.vars['token'] ?? '', postBody(ctx.memberUrn, 'Same text twice'));
      ctx.advance(10 * 60 + 1);
    },
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'Same text twice')),
    status: 201,
  },
  {
    ref: '§5.5 a deleted post still blocks its text (ghost duplicate)',
    arrange: async (ctx) => {
      await memberToken(ctx);
      const urn = await ctx.createPost(
        ctx.vars['token'] ?? '',
        postBody(ctx.memberUrn, 'Deleted then again'),
      );
      await ctx.inject(rest('DELETE', `/rest/posts/${encodeURIComponent(urn)}`, ctx.vars['token'] ?? ''));
    },
    request: (ctx) => create(ctx, postBody(ctx.memberUrn, 'Deleted then again')),
    status: 422,
    match: { errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } },
  },
];
