import type { ConformanceCase } from './case.ts';
import { ACCESS_DENIED, bearer, userinfo } from './requests.ts';

/** Reference §4: userinfo, the legacy /v2/me and OIDC discovery. */
export const IDENTITY_CASES: ConformanceCase[] = [
  {
    ref: '§4.1 userinfo with profile and email: object locale, email_verified',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile email');
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 200,
    json: (ctx) => ({
      sub: ctx.state.defaultMember.sub,
      name: 'Avery Quinn',
      given_name: 'Avery',
      family_name: 'Quinn',
      picture: ctx.state.defaultMember.picture,
      locale: { country: 'US', language: 'en' },
      email: 'avery.quinn@example.com',
      email_verified: true,
    }),
  },
  {
    ref: '§4.1 userinfo without the email scope has no email fields',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile');
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 200,
    json: (ctx) => ({
      sub: ctx.state.defaultMember.sub,
      name: 'Avery Quinn',
      given_name: 'Avery',
      family_name: 'Quinn',
      picture: ctx.state.defaultMember.picture,
      locale: { country: 'US', language: 'en' },
    }),
  },
  {
    ref: '§4.1 userinfo without openid → 403 userinfo.GET.NO_VERSION',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('profile w_member_social');
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 403,
    json: ACCESS_DENIED('userinfo.GET.NO_VERSION'),
  },
  {
    ref: '§4.1 transient 65601 right after login (opt-in), gone after the window',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/app', { transientRevokedSeconds: 3 });
      ctx.vars['token'] = await ctx.token('openid');
      const early = await ctx.inject(userinfo(bearer(ctx.vars['token'])));
      if (early.statusCode !== 401 || !early.body.includes('65601')) throw new Error(early.body);
      ctx.advance(3);
    },
    request: (ctx) => userinfo(bearer(ctx.vars['token'] ?? '')),
    status: 200,
  },
  {
    ref: '§4.1 discovery document points back at the emulator',
    request: () => ({ method: 'GET', url: '/oauth/.well-known/openid-configuration' }),
    status: 200,
    match: {
      issuer: 'https://www.linkedin.com',
      jwks_uri: 'http://localhost:80/oauth/openid/jwks',
      userinfo_endpoint: 'http://localhost:80/v2/userinfo',
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email'],
    },
  },
  {
    ref: '§4.2 /v2/me with OIDC-only scopes → 403 me.GET.NO_VERSION',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid profile');
    },
    request: (ctx) => ({
      method: 'GET',
      url: '/v2/me',
      headers: { authorization: bearer(ctx.vars['token'] ?? '') },
    }),
    status: 403,
    json: {
      serviceErrorCode: 100,
      message: 'Not enough permissions to access: me.GET.NO_VERSION',
      status: 403,
    },
  },
];
