import type { ConformanceCase } from './case.ts';
import { postBody, type Ctx } from './context.ts';
import { rest } from './requests.ts';

const THROTTLED = {
  serviceErrorCode: 101,
  message: 'Resource level throttle limit for calls to this resource is reached.',
  status: 429,
};

async function postMany(ctx: Ctx, count: number, member?: string): Promise<void> {
  const token = await ctx.token('openid w_member_social', member);
  const author = `urn:li:person:${member ?? ctx.state.defaultMember.sub}`;
  for (let i = 0; i < count; i += 1)
    await ctx.createPost(token, postBody(author, `post ${member ?? ''} ${i}`));
  ctx.vars['token'] = token;
}

const next = (ctx: Ctx) =>
  rest('POST', '/rest/posts', ctx.vars['token'] ?? '', postBody(ctx.memberUrn, 'one more'));

/** Reference §9.5 (429 rate limiting) with the Share on LinkedIn numbers of §8. */
export const LIMIT_CASES: ConformanceCase[] = [
  {
    ref: '§9.5 the 151st create of a member’s day → 429, no Retry-After',
    arrange: (ctx) => postMany(ctx, 150),
    request: next,
    status: 429,
    json: THROTTLED,
    headers: { 'retry-after': null, 'x-ratelimit-remaining': null },
  },
  {
    ref: '§9.5 the per-app quota counts every member',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { appDailyCreateLimit: 2 });
      await ctx.admin('POST', '/_emulator/members', { members: [{ sub: 'secondMbr1', name: 'Second' }] });
      await postMany(ctx, 1, 'secondMbr1');
      await postMany(ctx, 1);
    },
    request: next,
    status: 429,
    json: THROTTLED,
  },
  {
    ref: '§9.5 counters reset at midnight UTC of the emulated clock',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { memberDailyCreateLimit: 1 });
      await postMany(ctx, 1);
      ctx.advance(12 * 3600); // 12:00 → 00:00 the next day
    },
    request: next,
    status: 201,
  },
  {
    ref: '§9.5 counters do not reset before midnight UTC',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { memberDailyCreateLimit: 1 });
      await postMany(ctx, 1);
      ctx.advance(12 * 3600 - 1);
    },
    request: next,
    status: 429,
  },
  {
    ref: '§9.5 quota usage is visible through the admin surface',
    arrange: (ctx) => postMany(ctx, 2),
    request: () => ({ method: 'GET', url: '/_emulator/quotas' }),
    status: 200,
    match: (ctx) => ({
      day: '2026-11-23',
      apps: { 'emulator-client-id': 2 },
      members: { [`emulator-client-id ${ctx.state.defaultMember.sub}`]: 2 },
      limits: { perMember: 150, perApp: 100_000 },
    }),
  },
];
