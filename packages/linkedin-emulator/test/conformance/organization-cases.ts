import type { ConformanceCase } from './case.ts';
import { ACCESS_DENIED, bearer, rest } from './requests.ts';

const ADMIN_SCOPES = 'openid rw_organization_admin';

/** Reference §10 (`rw_organization_admin`): Page ACLs and organization lookup, with §11.10's List(…) rule. */
export const ORGANIZATION_CASES: ConformanceCase[] = [
  {
    ref: '§10 organizationAcls?q=roleAssignee lists the member’s approved roles',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => rest('GET', '/rest/organizationAcls?q=roleAssignee', ctx.vars['token'] ?? ''),
    status: 200,
    json: (ctx) => ({
      elements: [
        { roleAssignee: ctx.memberUrn, role: 'ADMINISTRATOR', organization: ctx.orgUrn, state: 'APPROVED' },
      ],
      paging: { start: 0, count: 10, links: [], total: 1 },
    }),
  },
  {
    ref: '§10 organizationAcls filtered by role and state',
    arrange: async (ctx) => {
      await ctx.admin('POST', '/_emulator/members', {
        members: [
          {
            sub: 'multiRole1',
            name: 'Multi Role',
            organizations: [
              { id: ctx.orgId, name: 'x', role: 'ANALYST' },
              { id: '4242', name: 'Second Page', role: 'ADMINISTRATOR' },
            ],
          },
        ],
      });
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES, 'multiRole1');
    },
    request: (ctx) =>
      rest(
        'GET',
        '/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED',
        ctx.vars['token'] ?? '',
      ),
    status: 200,
    match: {
      elements: [
        {
          roleAssignee: 'urn:li:person:multiRole1',
          role: 'ADMINISTRATOR',
          organization: 'urn:li:organization:4242',
        },
      ],
      paging: { total: 1 },
    },
  },
  {
    ref: '§10 organizationAcls with state=REQUESTED → no elements',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) =>
      rest('GET', '/rest/organizationAcls?q=roleAssignee&state=REQUESTED', ctx.vars['token'] ?? ''),
    status: 200,
    match: { elements: [], paging: { total: 0 } },
  },
  {
    ref: '§10 organizationAcls without rw_organization_admin → 403 ACCESS_DENIED',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid w_organization_social');
    },
    request: (ctx) => rest('GET', '/rest/organizationAcls?q=roleAssignee', ctx.vars['token'] ?? ''),
    status: 403,
    json: ACCESS_DENIED('organizationAcls.FINDER-roleAssignee.20260901'),
  },
  {
    ref: '§10 organizationAcls without q → 400 PARAM_INVALID',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => rest('GET', '/rest/organizationAcls', ctx.vars['token'] ?? ''),
    status: 400,
    match: {
      status: 400,
      errorDetails: { inputErrors: [{ code: 'PARAM_INVALID', input: { inputPath: { fieldPath: 'q' } } }] },
    },
  },
  {
    ref: '§10 organizationAcls needs the versioned headers',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => ({
      method: 'GET',
      url: '/rest/organizationAcls?q=roleAssignee',
      headers: { authorization: bearer(ctx.vars['token'] ?? ''), 'x-restli-protocol-version': '2.0.0' },
    }),
    status: 400,
    match: { code: 'VERSION_MISSING' },
  },
  {
    ref: '§10 organizations/{id} → id, localizedName, vanityName',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => rest('GET', `/rest/organizations/${ctx.orgId}`, ctx.vars['token'] ?? ''),
    status: 200,
    match: (ctx) => ({
      id: Number(ctx.orgId),
      $URN: ctx.orgUrn,
      localizedName: 'Emulated Widgets Inc',
      vanityName: 'emulated-widgets-inc',
      name: { localized: { en_US: 'Emulated Widgets Inc' } },
    }),
  },
  {
    ref: '§10 organizations/{id} unknown → 404',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => rest('GET', '/rest/organizations/1', ctx.vars['token'] ?? ''),
    status: 404,
    match: { status: 404 },
  },
  {
    ref: '§10 organizations/{id} without rw_organization_admin → 403',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token('openid');
    },
    request: (ctx) => rest('GET', `/rest/organizations/${ctx.orgId}`, ctx.vars['token'] ?? ''),
    status: 403,
    json: ACCESS_DENIED('organizations.GET.20260901'),
  },
  {
    ref: '§10 organizations?ids=List(…) batch → results keyed by id, errors for unknown ids',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => rest('GET', `/rest/organizations?ids=List(${ctx.orgId},1)`, ctx.vars['token'] ?? ''),
    status: 200,
    match: (ctx) => ({
      results: { [ctx.orgId]: { id: Number(ctx.orgId), localizedName: 'Emulated Widgets Inc' } },
      statuses: { [ctx.orgId]: 200, '1': 404 },
      errors: { '1': { status: 404 } },
    }),
  },
  {
    ref: '§11 percent-encoded List(…) syntax → 400 PARAM_INVALID',
    arrange: async (ctx) => {
      ctx.vars['token'] = await ctx.token(ADMIN_SCOPES);
    },
    request: (ctx) => rest('GET', `/rest/organizations?ids=List%28${ctx.orgId}%29`, ctx.vars['token'] ?? ''),
    status: 400,
    match: { errorDetails: { inputErrors: [{ code: 'PARAM_INVALID' }] } },
  },
];
