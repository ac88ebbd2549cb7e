import { expect } from 'vitest';
import { codeFields, REDIRECT_URI } from '../helpers.ts';
import type { ConformanceCase } from './case.ts';
import { authorize, bearer, CLIENT, CODE_MISMATCH, form, REVOKED, userinfo } from './requests.ts';

const TOKEN_PATH = '/oauth/v2/accessToken';

const missingCodeField = (name: string): ConformanceCase => ({
  ref: `§1.2 missing ${name} → invalid_request`,
  arrange: async (ctx) => {
    ctx.vars['code'] = await ctx.code();
  },
  request: (ctx) => {
    const fields = codeFields(ctx.vars['code'] ?? '');
    delete fields[name];
    return form(TOKEN_PATH, fields);
  },
  status: 400,
  json: { error: 'invalid_request', error_description: `A required parameter "${name}" is missing` },
});

/** Reference §1.1 (authorization request) and §1.2 (token exchange). */
export const OAUTH_CASES: ConformanceCase[] = [
  {
    ref: '§1.1 unknown client_id → error page, no redirect',
    request: () => authorize({ client_id: 'nope', emulator_decision: 'allow' }),
    status: 400,
    headers: { location: null, 'content-type': /text\/html/ },
    body: /Client_id doesn&#39;t match/,
  },
  {
    ref: '§1.1 unregistered redirect_uri → error page, no redirect',
    request: () => authorize({ redirect_uri: 'http://evil.example/cb', emulator_decision: 'allow' }),
    status: 400,
    headers: { location: null },
    body: /Redirect_uri doesn&#39;t match/,
  },
  {
    ref: '§1.1 empty scope → Invalid scope page',
    request: () => authorize({ scope: '' }),
    status: 400,
    headers: { location: null },
    body: /Invalid scope/,
  },
  {
    ref: '§1.1 scope the app lacks → unauthorized_scope_error, HTML-escaped then URL-encoded',
    request: () => authorize({ scope: 'openid r_liteprofile', state: 'abc' }),
    status: 302,
    headers: {
      location: `${REDIRECT_URI}?error=unauthorized_scope_error&error_description=Scope+%26quot%3Br_liteprofile%26quot%3B+is+not+authorized+for+your+application&state=abc`,
    },
  },
  {
    ref: '§1.1 member refuses → user_cancelled_authorize with state',
    request: () => authorize({ emulator_decision: 'cancel' }),
    status: 302,
    headers: {
      location: `${REDIRECT_URI}?error=user_cancelled_authorize&error_description=The+user+cancelled+the+authorization&state=st-1`,
    },
  },
  {
    ref: '§1.1 member declines to sign in → user_cancelled_login',
    request: () => authorize({ emulator_decision: 'cancel_login' }),
    status: 302,
    headers: {
      location: `${REDIRECT_URI}?error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=st-1`,
    },
  },
  {
    ref: '§1.1 consent page shows every scope with Allow and Cancel only',
    request: () => authorize({ scope: 'openid w_member_social' }),
    status: 200,
    headers: { 'content-type': /text\/html/ },
    body: /<code>openid<\/code>[\s\S]*<code>w_member_social<\/code>[\s\S]*value="allow">Allow[\s\S]*value="cancel">Cancel/,
  },
  {
    ref: '§1.1 allow → redirect with an AQ… code and the state',
    request: () => authorize({ emulator_decision: 'allow' }),
    status: 302,
    headers: {
      location: /^http:\/\/localhost:8080\/oauth\/linkedin\/callback\?code=AQ[\w-]{100,}&state=st-1$/,
    },
  },
  {
    ref: '§1.1 state is left out of the redirect when not sent',
    request: () => ({
      method: 'GET',
      url: `/oauth/v2/authorization?response_type=code&client_id=emulator-client-id&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&scope=openid&emulator_decision=allow`,
    }),
    status: 302,
    headers: { location: /\?code=AQ[\w-]+$/ },
  },
  {
    ref: '§1.1 a valid grant for the same scopes skips consent with a fresh code',
    arrange: async (ctx) => {
      await ctx.token('openid profile');
    },
    request: () => authorize({ scope: 'profile openid' }),
    status: 302,
    headers: { location: /\?code=AQ[\w-]+&state=st-1$/ },
    verify: async (ctx, res) => {
      const code = new URL(String(res.headers.location)).searchParams.get('code') ?? '';
      expect((await ctx.inject(form(TOKEN_PATH, codeFields(code)))).statusCode).toBe(200);
    },
  },
  {
    ref: '§1.1 a different scope set shows the consent page again',
    arrange: async (ctx) => {
      await ctx.token('openid profile');
    },
    request: () => authorize({ scope: 'openid profile email' }),
    status: 200,
    body: /value="allow">Allow/,
  },
  {
    ref: '§1.3 an expired token no longer skips consent',
    arrange: async (ctx) => {
      await ctx.token('openid profile');
      ctx.advance(60 * 86400);
    },
    request: () => authorize({ scope: 'openid profile' }),
    status: 200,
    body: /value="allow">Allow/,
  },
  ...['grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret'].map(missingCodeField),
  {
    ref: '§1.2 a used code → authorization code not found',
    arrange: async (ctx) => {
      ctx.vars['code'] = await ctx.code();
      await ctx.inject(form(TOKEN_PATH, codeFields(ctx.vars['code'])));
    },
    request: (ctx) => form(TOKEN_PATH, codeFields(ctx.vars['code'] ?? '')),
    status: 400,
    json: {
      error: 'invalid_request',
      error_description: 'Unable to retrieve access token: authorization code not found',
    },
  },
  {
    ref: '§1.2 an unknown code → authorization code not found',
    request: () => form(TOKEN_PATH, codeFields('AQnot-a-code')),
    status: 400,
    json: {
      error: 'invalid_request',
      error_description: 'Unable to retrieve access token: authorization code not found',
    },
  },
  {
    ref: '§1.2 a code older than 30 minutes → invalid_redirect_uri',
    arrange: async (ctx) => {
      ctx.vars['code'] = await ctx.code();
      ctx.advance(30 * 60);
    },
    request: (ctx) => form(TOKEN_PATH, codeFields(ctx.vars['code'] ?? '')),
    status: 400,
    json: { error: 'invalid_redirect_uri', error_description: CODE_MISMATCH },
  },
  {
    ref: '§1.2 a code used within 30 minutes works',
    arrange: async (ctx) => {
      ctx.vars['code'] = await ctx.code();
      ctx.advance(29 * 60);
    },
    request: (ctx) => form(TOKEN_PATH, codeFields(ctx.vars['code'] ?? '')),
    status: 200,
    match: { expires_in: 5184000, token_type: 'Bearer' },
  },
  {
    ref: '§1.2 a redirect_uri other than the authorization request’s → invalid_redirect_uri',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { addRedirectUris: ['http://localhost:3000/cb'] });
      ctx.vars['code'] = await ctx.code();
    },
    request: (ctx) =>
      form(TOKEN_PATH, { ...codeFields(ctx.vars['code'] ?? ''), redirect_uri: 'http://localhost:3000/cb' }),
    status: 400,
    json: { error: 'invalid_redirect_uri', error_description: CODE_MISMATCH },
  },
  {
    ref: '§1.2 wrong client_secret → 401 invalid_client, code not used up',
    arrange: async (ctx) => {
      ctx.vars['code'] = await ctx.code();
    },
    request: (ctx) => form(TOKEN_PATH, { ...codeFields(ctx.vars['code'] ?? ''), client_secret: 'wrong' }),
    status: 401,
    json: { error: 'invalid_client', error_description: 'Client authentication failed' },
    verify: async (ctx) => {
      expect((await ctx.inject(form(TOKEN_PATH, codeFields(ctx.vars['code'] ?? '')))).statusCode).toBe(200);
    },
  },
  {
    ref: '§1.2 another grant_type → unsupported_grant_type',
    request: () => form(TOKEN_PATH, { grant_type: 'client_credentials', ...CLIENT }),
    status: 400,
    json: {
      error: 'unsupported_grant_type',
      error_description: 'The grant type "client_credentials" is not supported',
    },
  },
  {
    ref: '§1.2 JSON bodies are not read: grant_type missing',
    arrange: async (ctx) => {
      ctx.vars['code'] = await ctx.code();
    },
    request: (ctx) => ({ method: 'POST', url: TOKEN_PATH, payload: codeFields(ctx.vars['code'] ?? '') }),
    status: 400,
    json: { error: 'invalid_request', error_description: 'A required parameter "grant_type" is missing' },
  },
  {
    ref: '§1.1 a different scope set revokes the member’s earlier tokens (65601)',
    arrange: async (ctx) => {
      ctx.vars['old'] = await ctx.token('openid profile');
      await ctx.token('openid profile email');
    },
    request: (ctx) => userinfo(bearer(ctx.vars['old'] ?? '')),
    status: 401,
    json: REVOKED,
  },
  {
    ref: '§1.1 tokens for the same scope set coexist',
    arrange: async (ctx) => {
      ctx.vars['old'] = await ctx.token('openid profile');
      await ctx.token('profile openid');
    },
    request: (ctx) => userinfo(bearer(ctx.vars['old'] ?? '')),
    status: 200,
  },
];
