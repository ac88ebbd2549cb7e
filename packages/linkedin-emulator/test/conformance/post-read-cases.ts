import { expect } from 'vitest';
import { FIXED_NOW } from '../helpers.ts';
import type { ConformanceCase } from './case.ts';
import { postBody, type Ctx } from './context.ts';
import { ACCESS_DENIED, enc, rest } from './requests.ts';

const READER = 'openid w_member_social r_member_social w_organization_social r_organization_social';

async function ownPost(ctx: Ctx, text = 'Readable #launch post', scope = READER): Promise<void> {
  ctx.vars['token'] = await ctx.token(scope);
  ctx.vars['urn'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, text));
}

const get = (ctx: Ctx, urn = ctx.vars['urn'] ?? '') =>
  rest('GET', `/rest/posts/${enc(urn)}`, ctx.vars['token'] ?? '');
const del = (ctx: Ctx, urn = ctx.vars['urn'] ?? '') =>
  rest('DELETE', `/rest/posts/${enc(urn)}`, ctx.vars['token'] ?? '');

/** Reference §5.3: read, list by author and delete, with the read-scope rules of §10 and §11.5. */
export const POST_READ_CASES: ConformanceCase[] = [
  {
    ref: '§5.3 GET own post with r_member_social: documented fields, hashtags as templates',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => get(ctx),
    status: 200,
    json: (ctx) => ({
      id: ctx.vars['urn'],
      author: ctx.memberUrn,
      commentary: 'Readable {hashtag|\\#|launch} post',
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      lifecycleStateInfo: { isEditedByAuthor: false },
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      isReshareDisabledByAuthor: false,
      createdAt: FIXED_NOW,
      publishedAt: FIXED_NOW,
      lastModifiedAt: FIXED_NOW,
    }),
  },
  {
    ref: '§5.3 GET with only w_member_social → 403 partnerApiPostsExternal.GET',
    arrange: (ctx) => ownPost(ctx, 'write only', 'openid w_member_social'),
    request: (ctx) => get(ctx),
    status: 403,
    json: ACCESS_DENIED('partnerApiPostsExternal.GET.20260901'),
  },
  {
    ref: '§5.3 GET a Page post with r_organization_social → 200',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(READER);
      ctx.vars['urn'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.orgUrn, 'Page post'));
    },
    request: (ctx) => get(ctx),
    status: 200,
    match: (ctx) => ({ id: ctx.vars['urn'], author: ctx.orgUrn }),
  },
  {
    ref: '§5.3 GET an unknown post → 404',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(READER);
    },
    request: (ctx) => get(ctx, 'urn:li:share:7000000000000000000'),
    status: 404,
    match: { status: 404 },
  },
  {
    ref: '§9.6 a resource key that is not URL-encoded → 400',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => rest('GET', `/rest/posts/${ctx.vars['urn']}`, ctx.vars['token'] ?? ''),
    status: 400,
    match: { errorDetails: { inputErrors: [{ code: 'PARAM_INVALID' }] } },
  },
  {
    ref: '§5.3 list by author, newest first, with paging',
    arrange: async (ctx) => {
      await ownPost(ctx, 'first');
      ctx.advance(1);
      ctx.vars['second'] = await ctx.createPost(ctx.vars['token'] ?? '', postBody(ctx.memberUrn, 'second'));
    },
    request: (ctx) =>
      rest('GET', `/rest/posts?q=author&author=${enc(ctx.memberUrn)}&count=1`, ctx.vars['token'] ?? ''),
    status: 200,
    match: (ctx) => ({
      elements: [{ id: ctx.vars['second'], commentary: 'second' }],
      paging: { start: 0, count: 1, total: 2, links: [] },
    }),
  },
  {
    ref: '§5.3 list by author with only w_member_social → 403 FINDER-author',
    arrange: (ctx) => ownPost(ctx, 'w only', 'openid w_member_social'),
    request: (ctx) =>
      rest('GET', `/rest/posts?q=author&author=${enc(ctx.memberUrn)}`, ctx.vars['token'] ?? ''),
    status: 403,
    json: ACCESS_DENIED('partnerApiPostsExternal.FINDER-author.20260901'),
  },
  {
    ref: '§5.3 DELETE → 204, then GET → 404 and the list skips it',
    arrange: (ctx) => ownPost(ctx),
    request: (ctx) => del(ctx),
    status: 204,
    body: '',
    verify: async (ctx) => {
      expect((await ctx.inject(get(ctx))).statusCode).toBe(404);
      const list = await ctx.inject(
        rest('GET', `/rest/posts?q=author&author=${enc(ctx.memberUrn)}`, ctx.vars['token'] ?? ''),
      );
      expect(list.json()).toMatchObject({ elements: [], paging: { total: 0 } });
      const admin = (await ctx.admin('GET', '/_emulator/posts')).json<{ deletedAt: number | null }[]>();
      expect(admin[0]?.deletedAt).toBe(ctx.state.clock.now());
    },
  },
  {
    ref: '§5.3 deletes are idempotent: a second DELETE → 204',
    arrange: async (ctx) => {
      await ownPost(ctx);
      await ctx.inject(del(ctx));
    },
    request: (ctx) => del(ctx),
    status: 204,
  },
  {
    ref: '§5.3 a w_member_social token may delete the member’s own post',
    arrange: (ctx) => ownPost(ctx, 'delete me', 'openid w_member_social'),
    request: (ctx) => del(ctx),
    status: 204,
  },
  {
    ref: '§5.3 DELETE another member’s post → 403 partnerApiPostsExternal.DELETE',
    arrange: async (ctx) => {
      await ownPost(ctx);
      await ctx.admin('POST', '/_emulator/members', {
        members: [{ sub: 'otherMbr01', name: 'Other Member' }],
      });
      ctx.vars['token'] = await ctx.token('openid w_member_social', 'otherMbr01');
    },
    request: (ctx) => del(ctx),
    status: 403,
    json: ACCESS_DENIED('partnerApiPostsExternal.DELETE.20260901'),
  },
  {
    ref: '§5.3 DELETE a post that never existed → 404',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) => del(ctx, 'urn:li:share:7000000000000000001'),
    status: 404,
  },
];
