import { expect } from 'vitest';
import { ACTIVE_VERSION, FIXED_NOW } from '../helpers.ts';

const DATED = `${ACTIVE_VERSION}01`;
import type { ConformanceCase } from './case.ts';
import { postBody, type Ctx } from './context.ts';
import { ACCESS_DENIED, enc, rest } from './requests.ts';

const READER = 'openid w_member_social r_member_social';

async function ownPost(ctx: Ctx, scope = READER): Promise<void> {
  ctx.vars['token'] = await ctx.token(scope);
  ctx.vars['urn'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, 'Before the edit'));
}

const patch = (ctx: Ctx, body: unknown, method = 'PARTIAL_UPDATE') =>
  rest('POST', `/rest/posts/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? '', body, {
    'x-restli-method': method,
  });

const setCommentary = (text: string) => ({ patch: { $set: { commentary: text } } });

/** Reference §5.3 "Update": partial update of the commentary. */
export const POST_UPDATE_CASES: ConformanceCase[] = [
  {
    ref: '§5.3 PARTIAL_UPDATE of commentary → 204; GET shows it, isEditedByAuthor, lastModifiedAt',
    arrange: async (ctx) => {
      await ownPost(ctx);
      ctx.advance(60);
    },
    request: (ctx) => patch(ctx, setCommentary('After the edit #news')),
    status: 204,
    body: '',
    verify: async (ctx) => {
      const got = await ctx.inject(
        rest('GET', `/rest/posts/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? ''),
      );
      expect(got.json()).toMatchObject({
        commentary: 'After the edit {hashtag|\\#|news}',
        lifecycleStateInfo: { isEditedByAuthor: true },
        createdAt: FIXED_NOW,
        lastModifiedAt: FIXED_NOW + 60_000,
      });
      const stored = (await ctx.admin('GET', '/_emulator/posts')).json<{ submittedCommentary: string }[]>();
      expect(stored[0]?.submittedCommentary).toBe('After the edit #news');
    },
  },
  {
    ref: '§5.3 X-RestLi-Method is matched case-insensitively (partial_update) → 204',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => patch(ctx, setCommentary('lower-case method header'), 'partial_update'),
    status: 204,
  },
  {
    ref: '§5.3 PARTIAL_UPDATE commentary is truncated like a create',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => patch(ctx, setCommentary('Kept (cut here')),
    status: 204,
    verify: async (ctx) => {
      const stored = (await ctx.admin('GET', '/_emulator/posts')).json<{ commentary: string }[]>();
      expect(stored[0]?.commentary).toBe('Kept ');
    },
  },
  {
    ref: '§5.3 PARTIAL_UPDATE $set of a field that cannot be updated → 422 unrecognized',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => patch(ctx, { patch: { $set: { visibility: 'CONNECTIONS' } } }),
    status: 422,
    match: {
      errorDetails: {
        inputErrors: [
          { input: { inputPath: { fieldPath: 'patch/$set/visibility' } }, code: 'UNRECOGNIZED_FIELD' },
        ],
      },
    },
  },
  {
    ref: '§5.3 PARTIAL_UPDATE over 3000 characters → 400 FIELD_LENGTH_TOO_LONG',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => patch(ctx, setCommentary('x'.repeat(3001))),
    status: 400,
    match: { errorDetails: { inputErrors: [{ code: 'FIELD_LENGTH_TOO_LONG' }] } },
  },
  {
    ref: '§5.3 POST on a post without X-RestLi-Method → 400, nothing changes',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) =>
      rest('POST', `/rest/posts/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? '', setCommentary('no')),
    status: 400,
    verify: async (ctx) => {
      const stored = (await ctx.admin('GET', '/_emulator/posts')).json<{ commentary: string }[]>();
      expect(stored[0]?.commentary).toBe('Before the edit');
    },
  },
  {
    ref: '§5.3 PARTIAL_UPDATE of a deleted post → 404',
    arrange: async (ctx) => {
      await ownPost(ctx);
      await ctx.inject(rest('DELETE', `/rest/posts/${enc(ctx.vars['urn'] ?? '')}`, ctx.vars['token'] ?? ''));
    },
    request: (ctx) => patch(ctx, setCommentary('too late')),
    status: 404,
    match: { status: 404, code: 'NOT_FOUND' },
  },
  {
    ref: '§5.3 PARTIAL_UPDATE of another member’s post → 403 partnerApiPostsExternal.PARTIAL_UPDATE',
    arrange: async (ctx) => {
      await ownPost(ctx);
      await ctx.admin('POST', '/_emulator/members', { members: [{ sub: 'editorMbr1', name: 'Editor' }] });
      ctx.vars['token'] = await ctx.token('openid w_member_social', 'editorMbr1');
    },
    request: (ctx) => patch(ctx, setCommentary('not mine')),
    status: 403,
    json: ACCESS_DENIED(`partnerApiPostsExternal.PARTIAL_UPDATE.${DATED}`),
  },
  {
    ref: '§5.3 Batch Get ids=List(…) → results, statuses and errors by URN',
    arrange: async (ctx) => {
      await ownPost(ctx);
      ctx.vars['gone'] = await ctx.createPost(ctx.vars['token'] ?? '', postBody(ctx.memberUrn, 'Deleted'));
      await ctx.inject(rest('DELETE', `/rest/posts/${enc(ctx.vars['gone'])}`, ctx.vars['token'] ?? ''));
    },
    request: (ctx) =>
      rest(
        'GET',
        `/rest/posts?ids=List(${enc(ctx.vars['urn'] ?? '')},${enc(ctx.vars['gone'] ?? '')})`,
        ctx.vars['token'] ?? '',
      ),
    status: 200,
    match: (ctx) => ({
      results: { [ctx.vars['urn'] ?? '']: { id: ctx.vars['urn'], commentary: 'Before the edit' } },
      statuses: { [ctx.vars['urn'] ?? '']: 200, [ctx.vars['gone'] ?? '']: 404 },
      errors: { [ctx.vars['gone'] ?? '']: { status: 404, code: 'NOT_FOUND' } },
    }),
    verify: (ctx, res) => {
      expect(Object.keys(res.json<{ results: object }>().results)).toEqual([ctx.vars['urn']]);
    },
  },
  {
    ref: '§5.3 Batch Get with only w_member_social → 403 partnerApiPostsExternal.BATCH_GET',
    arrange: (ctx) => ownPost(ctx, 'openid w_member_social'),
    request: (ctx) =>
      rest('GET', `/rest/posts?ids=List(${enc(ctx.vars['urn'] ?? '')})`, ctx.vars['token'] ?? ''),
    status: 403,
    json: ACCESS_DENIED(`partnerApiPostsExternal.BATCH_GET.${DATED}`),
  },
  {
    ref: '§11.10 Batch Get with percent-encoded List syntax → 400 PARAM_INVALID',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) =>
      rest('GET', `/rest/posts?ids=List%28${enc(ctx.vars['urn'] ?? '')}%29`, ctx.vars['token'] ?? ''),
    status: 400,
    match: {
      errorDetails: { inputErrors: [{ code: 'PARAM_INVALID', input: { inputPath: { fieldPath: 'ids' } } }] },
    },
  },
];
