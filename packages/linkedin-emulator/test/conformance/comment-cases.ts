import { expect } from 'vitest';
import { ACTIVE_VERSION, FIXED_NOW } from '../helpers.ts';

const DATED = `${ACTIVE_VERSION}01`;
import type { ConformanceCase } from './case.ts';
import { postBody, type Ctx } from './context.ts';
import { ACCESS_DENIED, enc, rest } from './requests.ts';

const COMMENTER = 'openid w_member_social w_member_social_feed r_member_social';
const PAGE_COMMENTER = 'openid w_organization_social w_organization_social_feed r_organization_social';

async function postWithToken(ctx: Ctx, scope = COMMENTER, author = ctx.memberUrn): Promise<void> {
  ctx.vars['token'] = await ctx.token(scope);
  ctx.vars['post'] = await ctx.createPost(ctx.vars['token'], postBody(author, 'Post to comment on'));
}

const commentsPath = (ctx: Ctx) => `/rest/socialActions/${enc(ctx.vars['post'] ?? '')}/comments`;

const comment = (ctx: Ctx, text: string, actor = ctx.memberUrn) => ({
  actor,
  object: ctx.vars['post'],
  message: { text },
});

const create = (ctx: Ctx, body: unknown) => rest('POST', commentsPath(ctx), ctx.vars['token'] ?? '', body);

async function commented(ctx: Ctx): Promise<void> {
  await postWithToken(ctx);
  const res = await ctx.inject(create(ctx, comment(ctx, 'First!')));
  ctx.vars['comment'] = String(res.headers['x-restli-id']);
}

const commentId = (ctx: Ctx) => /,(\d+)\)$/.exec(ctx.vars['comment'] ?? '')?.[1] ?? '';

/** Reference §9.6 December 2026 additions (Comments API) and §5.4 (comments are plain text). */
export const COMMENT_CASES: ConformanceCase[] = [
  {
    ref: '§9.6 create a comment → 201, URN in x-restli-id, text stored as sent',
    arrange: (ctx) => postWithToken(ctx),
    request: (ctx) => create(ctx, comment(ctx, 'Link: https://e.x/a_(b) #tag @me')),
    status: 201,
    headers: { 'x-restli-id': /^urn:li:comment:\(urn:li:share:\d{19},\d{19}\)$/ },
    match: (ctx) => ({
      actor: ctx.memberUrn,
      object: ctx.vars['post'],
      message: { text: 'Link: https://e.x/a_(b) #tag @me' },
      created: { actor: ctx.memberUrn, time: FIXED_NOW },
    }),
    verify: async (ctx, res) => {
      const stored = (await ctx.admin('GET', '/_emulator/comments')).json<unknown>();
      expect(stored).toEqual([
        {
          urn: res.headers['x-restli-id'],
          object: ctx.vars['post'],
          actor: ctx.memberUrn,
          text: 'Link: https://e.x/a_(b) #tag @me',
          createdAt: FIXED_NOW,
          deletedAt: null,
        },
      ]);
    },
  },
  {
    ref: '§9.6 comment as a Page with w_organization_social_feed → 201',
    arrange: (ctx) => postWithToken(ctx, PAGE_COMMENTER, ctx.orgUrn),
    request: (ctx) => create(ctx, comment(ctx, 'From the page', ctx.orgUrn)),
    status: 201,
  },
  {
    ref: '§9.6 comment with only w_member_social → 403, nothing stored',
    arrange: (ctx) => postWithToken(ctx, 'openid w_member_social'),
    request: (ctx) => create(ctx, comment(ctx, 'no feed scope')),
    status: 403,
    json: ACCESS_DENIED(`comments.CREATE.${DATED}`),
    verify: async (ctx) => {
      expect((await ctx.admin('GET', '/_emulator/comments')).json()).toEqual([]);
    },
  },
  {
    ref: '§9.6 comment as a Page with only w_member_social_feed → 403',
    arrange: (ctx) => postWithToken(ctx),
    request: (ctx) => create(ctx, comment(ctx, 'page without scope', ctx.orgUrn)),
    status: 403,
    json: ACCESS_DENIED(`comments.CREATE.${DATED}`),
  },
  {
    ref: '§9.6 comment with an unknown field → 422 unrecognized',
    arrange: (ctx) => postWithToken(ctx),
    request: (ctx) => create(ctx, { ...comment(ctx, 'x'), message: { text: 'x', format: 'plain' } }),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [{ input: { inputPath: { fieldPath: 'message/format' } }, code: 'UNRECOGNIZED_FIELD' }],
      },
    },
  },
  {
    ref: '§9.6 comment whose object is not the post in the path → 422',
    arrange: (ctx) => postWithToken(ctx),
    request: (ctx) => create(ctx, { ...comment(ctx, 'x'), object: 'urn:li:share:7000000000000000003' }),
    status: 422,
    match: { errorDetails: { inputErrors: [{ input: { inputPath: { fieldPath: 'object' } } }] } },
  },
  {
    ref: '§9.6 comment on a deleted post → 404',
    arrange: async (ctx) => {
      await postWithToken(ctx);
      await ctx.inject(rest('DELETE', `/rest/posts/${enc(ctx.vars['post'] ?? '')}`, ctx.vars['token'] ?? ''));
    },
    request: (ctx) => create(ctx, comment(ctx, 'too late')),
    status: 404,
  },
  {
    ref: '§9.6 list a post’s comments (read scope) → elements and paging',
    arrange: commented,
    request: (ctx) => rest('GET', commentsPath(ctx), ctx.vars['token'] ?? ''),
    status: 200,
    match: (ctx) => ({
      elements: [{ commentUrn: ctx.vars['comment'], message: { text: 'First!' } }],
      paging: { start: 0, count: 10, total: 1 },
    }),
  },
  {
    ref: '§9.6 get one comment by id → 200',
    arrange: commented,
    request: (ctx) => rest('GET', `${commentsPath(ctx)}/${commentId(ctx)}`, ctx.vars['token'] ?? ''),
    status: 200,
    match: (ctx) => ({ id: commentId(ctx), commentUrn: ctx.vars['comment'] }),
  },
  {
    ref: '§9.6 list comments without a read scope → 403',
    arrange: async (ctx) => {
      await commented(ctx);
      ctx.vars['token'] = await ctx.token('openid w_member_social w_member_social_feed');
    },
    request: (ctx) => rest('GET', commentsPath(ctx), ctx.vars['token'] ?? ''),
    status: 403,
    json: ACCESS_DENIED(`comments.FINDER.${DATED}`),
  },
  {
    ref: '§9.6 delete a comment → 204, gone from the list, idempotent',
    arrange: commented,
    request: (ctx) =>
      rest(
        'DELETE',
        `${commentsPath(ctx)}/${commentId(ctx)}?actor=${enc(ctx.memberUrn)}`,
        ctx.vars['token'] ?? '',
      ),
    status: 204,
    verify: async (ctx) => {
      const list = await ctx.inject(rest('GET', commentsPath(ctx), ctx.vars['token'] ?? ''));
      expect(list.json()).toMatchObject({ elements: [], paging: { total: 0 } });
      const again = await ctx.inject(
        rest('DELETE', `${commentsPath(ctx)}/${commentId(ctx)}`, ctx.vars['token'] ?? ''),
      );
      expect(again.statusCode).toBe(204);
    },
  },
  {
    ref: '§9.6 delete another member’s comment → 403',
    arrange: async (ctx) => {
      await commented(ctx);
      await ctx.admin('POST', '/_emulator/members', { members: [{ sub: 'commentMb1', name: 'Other' }] });
      ctx.vars['token'] = await ctx.token(COMMENTER, 'commentMb1');
    },
    request: (ctx) => rest('DELETE', `${commentsPath(ctx)}/${commentId(ctx)}`, ctx.vars['token'] ?? ''),
    status: 403,
    json: ACCESS_DENIED(`comments.DELETE.${DATED}`),
  },
];
