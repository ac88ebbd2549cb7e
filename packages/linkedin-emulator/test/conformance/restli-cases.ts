import { expect } from 'vitest';
import { codeFields, REDIRECT_URI } from '../helpers.ts';
import type { ConformanceCase } from './case.ts';
import { postBody, restHeaders, type Ctx } from './context.ts';
import { authorize, bearer, enc, form, rest } from './requests.ts';

const READER = 'openid w_member_social r_member_social';
const RESTLI_ERROR = { 'x-restli-protocol-version': '2.0.0', 'x-restli-error-response': 'true' };

async function twoPosts(ctx: Ctx): Promise<void> {
  ctx.vars['token'] = await ctx.token(READER);
  ctx.vars['first'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, 'first'));
  ctx.advance(1);
  ctx.vars['second'] = await ctx.createPost(ctx.vars['token'], postBody(ctx.memberUrn, 'second'));
}

/** `POST` with `X-HTTP-Method-Override: GET` and the query as a form body (MS-Learn query-tunneling). */
const tunnel = (
  ctx: Ctx,
  path: string,
  query: string,
  contentType = 'application/x-www-form-urlencoded',
) => ({
  method: 'POST' as const,
  url: path,
  headers: restHeaders(ctx.vars['token'] ?? '', {
    'content-type': contentType,
    'x-http-method-override': 'GET',
  }),
  payload: query,
});

/**
 * Reference §9.6 (Rest.li: query tunnelling, method headers) and §9.1 (error headers), and §1.1's scope list as
 * LinkedIn's own JavaScript client sends it.
 */
export const RESTLI_CASES: ConformanceCase[] = [
  {
    ref: '§9.6 query tunnelling: POST + X-HTTP-Method-Override: GET runs the finder',
    arrange: twoPosts,
    request: (ctx) => tunnel(ctx, '/rest/posts', `q=author&author=${enc(ctx.memberUrn)}&count=1`),
    status: 200,
    match: (ctx) => ({
      elements: [{ id: ctx.vars['second'], commentary: 'second' }],
      paging: { start: 0, count: 1, total: 2 },
    }),
    verify: async (ctx) => {
      expect((await ctx.admin('GET', '/_emulator/posts')).json()).toHaveLength(2);
    },
  },
  {
    ref: '§9.6 query tunnelling: a Batch Get of a long List(…) (past 4,000 characters)',
    arrange: twoPosts,
    request: (ctx) => {
      const missing = Array.from({ length: 200 }, (_, i) =>
        enc(`urn:li:share:7${String(i).padStart(18, '0')}`),
      );
      const ids = [enc(ctx.vars['first'] ?? ''), enc(ctx.vars['second'] ?? ''), ...missing].join(',');
      const query = `ids=List(${ids})`;
      expect(query.length).toBeGreaterThan(4000);
      return tunnel(ctx, '/rest/posts', query);
    },
    status: 200,
    verify: (ctx, res) => {
      const body = res.json<{ results: Record<string, unknown>; statuses: Record<string, number> }>();
      expect(Object.keys(body.results).sort()).toEqual([ctx.vars['first'], ctx.vars['second']].sort());
      expect(Object.values(body.statuses).filter((s) => s === 404)).toHaveLength(200);
    },
  },
  {
    ref: '§9.6 query tunnelling of a GET by key (empty form body)',
    arrange: twoPosts,
    request: (ctx) => tunnel(ctx, `/rest/posts/${enc(ctx.vars['first'] ?? '')}`, ''),
    status: 200,
    match: (ctx) => ({ id: ctx.vars['first'], commentary: 'first' }),
  },
  {
    ref: '§9.6 query tunnelling keeps the GET’s errors (403 without read scope)',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid w_member_social');
    },
    request: (ctx) => tunnel(ctx, '/rest/posts', `q=author&author=${enc(ctx.memberUrn)}`),
    status: 403,
    match: { code: 'ACCESS_DENIED' },
    headers: RESTLI_ERROR,
  },
  {
    ref: '§9.6 query tunnelling with a JSON body → 400, nothing created',
    arrange: twoPosts,
    request: (ctx) =>
      tunnel(ctx, '/rest/posts', JSON.stringify(postBody(ctx.memberUrn, 'x')), 'application/json'),
    status: 400,
    verify: async (ctx) => {
      expect((await ctx.admin('GET', '/_emulator/posts')).json()).toHaveLength(2);
    },
  },
  {
    ref: '§9.1 errors on /rest/* carry x-restli-protocol-version and x-restli-error-response',
    request: () => rest('GET', '/rest/posts/urn%3Ali%3Ashare%3A1', 'not-a-token'),
    status: 401,
    match: { code: 'INVALID_ACCESS_TOKEN' },
    headers: RESTLI_ERROR,
  },
  {
    ref: '§9.1 an unknown /rest/* route → 404 with the Rest.li error headers',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) => rest('GET', '/rest/nothingHere', ctx.vars['token'] ?? ''),
    status: 404,
    headers: RESTLI_ERROR,
  },
  {
    ref: '§9.1 successes and OAuth errors carry no x-restli-error-response',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) => rest('POST', '/rest/posts', ctx.vars['token'] ?? '', postBody(ctx.memberUrn, 'fine')),
    status: 201,
    headers: { 'x-restli-error-response': null },
    verify: async (ctx) => {
      const oauth = await ctx.inject(form('/oauth/v2/accessToken', { grant_type: 'authorization_code' }));
      expect(oauth.statusCode).toBe(400);
      expect(oauth.headers['x-restli-error-response']).toBeUndefined();
    },
  },
  {
    ref: '§1.1 comma-separated scopes (as linkedin-api-client sends them) are accepted',
    request: () => authorize({ scope: 'openid,profile,w_member_social', emulator_decision: 'allow' }),
    status: 302,
    verify: async (ctx, res) => {
      const code = new URL(String(res.headers.location)).searchParams.get('code') ?? '';
      const tokens = await ctx.inject(form('/oauth/v2/accessToken', codeFields(code)));
      expect(tokens.json<{ scope: string }>().scope.split(/[ ,]/).sort()).toEqual([
        'openid',
        'profile',
        'w_member_social',
      ]);
      const me = await ctx.inject({
        method: 'GET',
        url: '/v2/userinfo',
        headers: { authorization: bearer(tokens.json<{ access_token: string }>().access_token) },
      });
      expect(me.statusCode).toBe(200);
      expect(String(res.headers.location)).toMatch(new RegExp(`^${REDIRECT_URI}\\?`));
    },
  },
];
