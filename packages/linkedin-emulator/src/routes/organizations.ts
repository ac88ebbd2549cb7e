import type { FastifyInstance } from 'fastify';
import { ORGANIZATION_ROLES, type OrganizationRole } from '../directory.ts';
import { accessDenied, restError } from '../linkedin-errors.ts';
import { organizationView } from '../organization-view.ts';
import { readParam } from '../params.ts';
import type { RestContext, RestGuard } from '../rest-headers.ts';
import { listParam, page, pagingOf, paramInvalid, resourceKey } from '../rest-params.ts';
import type { EmulatorState } from '../state.ts';
import { datedVersion } from '../versions.ts';

const ACL_STATES = ['APPROVED', 'REQUESTED', 'REJECTED', 'REVOKED'] as const;

function requireAdminScope(context: RestContext, resource: string): void {
  if (!context.token.scopes.includes('rw_organization_admin')) {
    throw accessDenied(`${resource}.${datedVersion(context.version)}`);
  }
}

function roleFilter(query: unknown): OrganizationRole | undefined {
  const role = readParam(query, 'role');
  if (role === undefined) return undefined;
  const known = ORGANIZATION_ROLES.find((r) => r === role);
  if (!known) throw paramInvalid('role', `${JSON.stringify(role)} is not an enum symbol`);
  return known;
}

/** Page ACLs of the token's member and organization lookup (reference §10 `rw_organization_admin`). */
export function registerOrganizationRoutes(
  app: FastifyInstance,
  state: EmulatorState,
  guard: RestGuard,
): void {
  app.get('/rest/organizationAcls', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const q = readParam(request.query, 'q');
    if (q !== 'roleAssignee')
      throw paramInvalid('q', `Unsupported finder ${q ?? '(none)'}; use q=roleAssignee`);
    const role = roleFilter(request.query);
    const aclState = readParam(request.query, 'state');
    if (aclState !== undefined && !ACL_STATES.some((s) => s === aclState)) {
      throw paramInvalid('state', `${JSON.stringify(aclState)} is not an enum symbol`);
    }
    const paging = pagingOf(request.query);
    requireAdminScope(context, 'organizationAcls.FINDER-roleAssignee');
    const elements = state.directory
      .organizationsOf(context.member)
      .filter((acl) => (role === undefined || acl.role === role) && (aclState ?? 'APPROVED') === 'APPROVED')
      .map((acl) => ({
        roleAssignee: `urn:li:person:${context.member.sub}`,
        role: acl.role,
        organization: acl.urn,
        state: 'APPROVED',
      }));
    return page(elements, paging);
  });

  app.get('/rest/organizations/:id', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const id = resourceKey(request);
    if (!/^\d+$/.test(id)) throw paramInvalid('id', `${id} is not an organization id`);
    requireAdminScope(context, 'organizations.GET');
    const organization = state.directory.organizations.get(id);
    if (!organization) throw restError(404, 'NOT_FOUND', `Organization ${id} does not exist`);
    return organizationView(organization);
  });

  app.get('/rest/organizations', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const ids = listParam(request, 'ids');
    if (ids === undefined || ids.length === 0) throw paramInvalid('ids', 'ids=List(...) is required');
    requireAdminScope(context, 'organizations.BATCH_GET');
    const results: Record<string, unknown> = {};
    const statuses: Record<string, number> = {};
    const errors: Record<string, unknown> = {};
    for (const id of ids) {
      const organization = state.directory.organizations.get(id);
      if (organization) {
        results[id] = organizationView(organization);
        statuses[id] = 200;
      } else {
        statuses[id] = 404;
        errors[id] = { status: 404, message: `Organization ${id} does not exist` };
      }
    }
    return { results, statuses, errors };
  });
}
