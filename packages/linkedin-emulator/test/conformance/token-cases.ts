import { expect } from 'vitest';
import { FIXED_NOW } from '../helpers.ts';
import type { ConformanceCase } from './case.ts';
import { authorize, BAD_REFRESH, bearer, CLIENT, form, REVOKED, userinfo } from './requests.ts';

const refresh = (refreshToken: string) =>
  form('/oauth/v2/accessToken', { grant_type: 'refresh_token', refresh_token: refreshToken, ...CLIENT });
const introspect = (token: string, client: Record<string, string> = CLIENT) =>
  form('/oauth/v2/introspectToken', { ...client, token });
const revoke = (token: string, client: Record<string, string> = CLIENT) =>
  form('/oauth/v2/revoke', { ...client, token });

const NOW_S = FIXED_NOW / 1000;
const DAY = 86400;

/** Reference §2 (refresh tokens) and §3 (introspection and revocation). */
export const TOKEN_CASES: ConformanceCase[] = [
  {
    ref: '§2 apps without programmatic refresh get no refresh_token',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { refreshTokens: false });
    },
    request: async (ctx) =>
      form('/oauth/v2/accessToken', {
        grant_type: 'authorization_code',
        code: await ctx.code({ scope: 'w_member_social' }),
        redirect_uri: 'http://localhost:8080/oauth/linkedin/callback',
        ...CLIENT,
      }),
    status: 200,
    verify: (_ctx, res) => {
      expect(Object.keys(res.json<object>()).sort()).toEqual([
        'access_token',
        'expires_in',
        'scope',
        'token_type',
      ]);
    },
  },
  {
    ref: '§2 refresh on day 59: new 60-day access token, same refresh token, original expiry',
    arrange: async (ctx) => {
      ctx.vars['refresh'] = (await ctx.tokens('openid profile w_member_social')).refresh_token ?? '';
      ctx.advance(59 * DAY);
    },
    request: (ctx) => refresh(ctx.vars['refresh'] ?? ''),
    status: 200,
    match: (ctx) => ({
      expires_in: 5184000,
      refresh_token: ctx.vars['refresh'],
      refresh_token_expires_in: 306 * DAY,
      scope: 'openid,profile,w_member_social',
    }),
  },
  {
    ref: '§2 unknown refresh token → 400 invalid_request',
    request: () => refresh('AQgarbage'),
    status: 400,
    json: { error: 'invalid_request', error_description: BAD_REFRESH },
  },
  {
    ref: '§2 refresh token past its 365 days → 400 invalid_request',
    arrange: async (ctx) => {
      ctx.vars['refresh'] = (await ctx.tokens()).refresh_token ?? '';
      ctx.advance(365 * DAY);
    },
    request: (ctx) => refresh(ctx.vars['refresh'] ?? ''),
    status: 400,
    json: { error: 'invalid_request', error_description: BAD_REFRESH },
  },
  {
    ref: '§2 refresh token revoked by the member → 400 invalid_request',
    arrange: async (ctx) => {
      ctx.vars['refresh'] = (await ctx.tokens()).refresh_token ?? '';
      await ctx.admin('POST', `/_emulator/members/${ctx.state.defaultMember.sub}/revoke`);
    },
    request: (ctx) => refresh(ctx.vars['refresh'] ?? ''),
    status: 400,
    json: { error: 'invalid_request', error_description: BAD_REFRESH },
  },
  {
    ref: '§2 refresh_token missing → invalid_request',
    request: () => form('/oauth/v2/accessToken', { grant_type: 'refresh_token', ...CLIENT }),
    status: 400,
    json: { error: 'invalid_request', error_description: 'A required parameter "refresh_token" is missing' },
  },
  {
    ref: '§3.1 introspect an active token: comma-separated scope, epoch seconds',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile w_member_social');
    },
    request: (ctx) => introspect(ctx.vars['token'] ?? ''),
    status: 200,
    json: {
      active: true,
      client_id: 'emulator-client-id',
      authorized_at: NOW_S,
      created_at: NOW_S,
      status: 'active',
      expires_at: NOW_S + 60 * DAY,
      scope: 'openid,profile,w_member_social',
      auth_type: '3L',
    },
  },
  {
    ref: '§3.1 introspect an expired token → active false, status expired',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid');
      ctx.advance(60 * DAY);
    },
    request: (ctx) => introspect(ctx.vars['token'] ?? ''),
    status: 200,
    match: { active: false, status: 'expired', expires_at: NOW_S + 60 * DAY, scope: 'openid' },
  },
  {
    ref: '§3.1 introspect a revoked token → active false, status revoked',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid');
      await ctx.inject(revoke(ctx.vars['token']));
    },
    request: (ctx) => introspect(ctx.vars['token'] ?? ''),
    status: 200,
    match: { active: false, status: 'revoked', client_id: 'emulator-client-id' },
  },
  {
    ref: '§3.1 introspect a refreshed token: authorized_at stays the consent time',
    arrange: async (ctx) => {
      const refreshToken = (await ctx.tokens()).refresh_token ?? '';
      ctx.advance(10 * DAY);
      ctx.vars['token'] = (await ctx.inject(refresh(refreshToken))).json<{
        access_token: string;
      }>().access_token;
    },
    request: (ctx) => introspect(ctx.vars['token'] ?? ''),
    status: 200,
    match: { active: true, authorized_at: NOW_S, created_at: NOW_S + 10 * DAY },
  },
  {
    ref: '§3.1 another app’s token → 200 active false',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid');
      await ctx.admin('POST', '/_emulator/app', { clientId: 'second-app', clientSecret: 'second-secret' });
    },
    request: (ctx) =>
      introspect(ctx.vars['token'] ?? '', { client_id: 'second-app', client_secret: 'second-secret' }),
    status: 200,
    json: { active: false },
  },
  {
    ref: '§3.1 unknown client_id → 400',
    request: () => introspect('AQwhatever', { client_id: 'nope', client_secret: 'x' }),
    status: 400,
    json: { error: 'invalid_request', error_description: 'The passed in client_id is invalid' },
  },
  {
    ref: '§3.1 unknown token → 400',
    request: () => introspect('AQnot-a-token'),
    status: 400,
    json: { error: 'invalid_request', error_description: 'The passed in token is invalid' },
  },
  {
    ref: '§3.1 wrong client_secret → 401',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid');
    },
    request: (ctx) => introspect(ctx.vars['token'] ?? '', { ...CLIENT, client_secret: 'wrong' }),
    status: 401,
    json: { error: 'invalid_client', error_description: 'Client authentication failed' },
  },
  {
    ref: '§3.1 token missing → 400 invalid_request',
    request: () => form('/oauth/v2/introspectToken', CLIENT),
    status: 400,
    json: { error: 'invalid_request', error_description: 'A required parameter "token" is missing' },
  },
  {
    ref: '§3.2 revoke an access token → 200 empty body, then 65601',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid');
    },
    request: (ctx) => revoke(ctx.vars['token'] ?? ''),
    status: 200,
    body: '',
    verify: async (ctx) => {
      expect((await ctx.inject(userinfo(bearer(ctx.vars['token'] ?? '')))).json()).toEqual(REVOKED);
    },
  },
  {
    ref: '§3.2 revoke a refresh token also revokes its access tokens',
    arrange: async (ctx) => {
      const tokens = await ctx.tokens('openid profile');
      ctx.vars['access'] = tokens.access_token;
      ctx.vars['refresh'] = tokens.refresh_token ?? '';
    },
    request: (ctx) => revoke(ctx.vars['refresh'] ?? ''),
    status: 200,
    verify: async (ctx) => {
      expect((await ctx.inject(refresh(ctx.vars['refresh'] ?? ''))).statusCode).toBe(400);
      expect((await ctx.inject(userinfo(bearer(ctx.vars['access'] ?? '')))).statusCode).toBe(401);
    },
  },
  {
    ref: '§3.2 revoke with a wrong secret → 401 invalid_client',
    request: () => revoke('AQx', { ...CLIENT, client_secret: 'wrong' }),
    status: 401,
    json: { error: 'invalid_client', error_description: 'Client authentication failed' },
  },
  {
    ref: '§3.2 revoke an unknown token → 200 (nothing to do)',
    request: () => revoke('AQunknown'),
    status: 200,
    body: '',
  },
  {
    ref: '§3.2 member revokes the app → API calls answer 401 65601',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile');
      const res = await ctx.admin('POST', `/_emulator/members/${ctx.state.defaultMember.sub}/revoke`);
      expect(res.json()).toMatchObject({ revokedTokens: 2 });
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 401,
    json: REVOKED,
  },
  {
    ref: '§3.2 after the member revokes the app, consent is asked again',
    arrange: async (ctx) => {
      await ctx.token('openid profile');
      await ctx.admin('POST', `/_emulator/members/${ctx.state.defaultMember.sub}/revoke`);
    },
    request: () => authorize({ scope: 'openid profile' }),
    status: 200,
    body: /value="allow">Allow/,
  },
];
