import type { ConformanceCase } from './case.ts';
import { postBody, restHeaders } from './context.ts';
import { bearer, REVOKED, userinfo } from './requests.ts';

const createWith = (headers: Record<string, string>, memberUrn: string) => ({
  method: 'POST' as const,
  url: '/rest/posts',
  headers,
  payload: JSON.stringify(postBody(memberUrn, 'header check')),
});

const withoutHeader = (headers: Record<string, string>, name: string) =>
  Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));

const inactiveVersion = (version: string, message: string): ConformanceCase => ({
  ref: `§9.6 LinkedIn-Version ${version} → 426 "${message}"`,
  arrange: async (ctx) => {
    ctx.vars['token'] = await ctx.token();
  },
  request: (ctx) =>
    createWith(restHeaders(ctx.vars['token'] ?? '', { 'linkedin-version': version }), ctx.memberUrn),
  status: 426,
  json: { status: 426, code: 'NONEXISTENT_VERSION', message },
});

/** Reference §5.1 / §9.6 (versioned gateway headers) and §9.2 (401 bodies). */
export const HEADER_CASES: ConformanceCase[] = [
  {
    ref: '§9.2 missing Authorization → Empty oauth2_access_token, checked before anything else',
    request: (ctx) => createWith({ 'content-type': 'application/json' }, ctx.memberUrn),
    status: 401,
    json: { message: 'Empty oauth2_access_token', serviceErrorCode: 401, status: 401 },
  },
  {
    ref: '§9.2 garbage token → 65600 INVALID_ACCESS_TOKEN',
    request: () => userinfo('Bearer AQnot-a-token'),
    status: 401,
    json: {
      status: 401,
      serviceErrorCode: 65600,
      code: 'INVALID_ACCESS_TOKEN',
      message: 'Invalid access token',
    },
  },
  {
    ref: '§9.2 non-Bearer scheme → Unknown authentication schema',
    request: () => userinfo('Basic dXNlcjpwYXNz'),
    status: 401,
    json: { message: 'Unknown authentication schema', serviceErrorCode: 401, status: 401 },
  },
  {
    ref: '§9.2 expired token (60 days) → 65602 EXPIRED_ACCESS_TOKEN',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile');
      ctx.advance(60 * 86400);
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 401,
    json: {
      status: 401,
      serviceErrorCode: 65602,
      code: 'EXPIRED_ACCESS_TOKEN',
      message: 'The token used in the request has expired',
    },
  },
  {
    ref: '§9.2 revoked token → 65601 REVOKED_ACCESS_TOKEN',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile');
      const record = ctx.state.grants.findAccessToken(ctx.vars['token']);
      if (record) record.revoked = true;
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 401,
    json: REVOKED,
  },
  {
    ref: '§9.6 LinkedIn-Version missing → 400 VERSION_MISSING with X-Restli-Gateway-Error',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      createWith(withoutHeader(restHeaders(ctx.vars['token'] ?? ''), 'linkedin-version'), ctx.memberUrn),
    status: 400,
    headers: { 'x-restli-gateway-error': 'true' },
    json: {
      status: 400,
      code: 'VERSION_MISSING',
      message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
    },
  },
  inactiveVersion('202401', 'Requested version 20240101 is not active'),
  inactiveVersion('202511', 'Requested version 20251101 is not active'),
  inactiveVersion('202612', 'Requested version 20261201 is not active'),
  inactiveVersion('2026-11', 'Requested version 2026-11 is not active'),
  inactiveVersion('202512', 'Requested version 20251201 is not active'),
  inactiveVersion('202610', 'Requested version 20261001 is not active'),
  {
    ref: '§9.6 the oldest confirmed active version (202601, sunset 2027-01-15) is accepted',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      createWith(restHeaders(ctx.vars['token'] ?? '', { 'linkedin-version': '202601' }), ctx.memberUrn),
    status: 201,
  },
  {
    ref: '§9.6 a version sunsets as the emulated clock moves on (202601 after 2027-01-15)',
    arrange: async (ctx) => {
      ctx.advance(60 * 86400);
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      createWith(restHeaders(ctx.vars['token'] ?? '', { 'linkedin-version': '202601' }), ctx.memberUrn),
    status: 426,
    match: { message: 'Requested version 20260101 is not active' },
  },
  {
    ref: '§9.6 POST /_emulator/versions replaces the table of accepted versions',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
      await ctx.admin('POST', '/_emulator/versions', {
        versions: [{ version: '202609', releasedAt: '2026-09-01', sunsetAt: '2027-09-15' }],
      });
    },
    request: (ctx) =>
      createWith(restHeaders(ctx.vars['token'] ?? '', { 'linkedin-version': '202607' }), ctx.memberUrn),
    status: 426,
  },
  {
    ref: '§9.6 X-Restli-Protocol-Version missing → 400',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) =>
      createWith(
        withoutHeader(restHeaders(ctx.vars['token'] ?? ''), 'x-restli-protocol-version'),
        ctx.memberUrn,
      ),
    status: 400,
    json: {
      status: 400,
      code: 'INVALID_PROTOCOL_VERSION',
      message: 'The X-Restli-Protocol-Version header must be 2.0.0 on versioned APIs',
    },
  },
  {
    ref: '§9.4 a body that is not a JSON object → 400',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token();
    },
    request: (ctx) => ({
      method: 'POST',
      url: '/rest/posts',
      headers: restHeaders(ctx.vars['token'] ?? ''),
      payload: '[1]',
    }),
    status: 400,
    json: { message: 'Request body must be a JSON object', status: 400 },
  },
  {
    ref: '§9.4 unknown routes → 404 classic shape',
    request: () => ({ method: 'GET', url: '/v2/nothing-here' }),
    status: 404,
    json: { message: 'No resource found for GET /v2/nothing-here', status: 404 },
  },
];
