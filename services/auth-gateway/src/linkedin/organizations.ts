import { request } from 'undici';
import type { Organization } from '@li-bus/contracts';
import type { LinkedInVersions } from '@li-bus/linkedin-versions';
import { LinkedInOAuthError, type LinkedInApp } from './oauth-client.ts';

/** `LINKEDIN_VERSION` (in order of preference) and, in the service, the failover shared with the publisher. */
export type VersionedApp = LinkedInApp & { version: readonly string[] };
export type VersionRunner = Pick<LinkedInVersions, 'run'>;

/** What `@li-bus/linkedin-versions` needs to know: LinkedIn refused the version (426). */
export function versionRefusalOf(error: unknown): string | undefined {
  if (!(error instanceof LinkedInOAuthError) || error.status !== 426) return undefined;
  return `426 ${error.linkedinError ?? ''}: ${error.message}`.slice(0, 500);
}

/** Page roles that may post as the Page; other roles (analysts, recruiters…) are not listed on a connection. */
export const POSTING_ROLES: ReadonlySet<string> = new Set([
  'ADMINISTRATOR',
  'CONTENT_ADMIN',
  'DIRECT_SPONSORED_CONTENT_POSTER',
]);

type Json = Record<string, unknown>;

function restGet(app: VersionedApp, versions: VersionRunner | undefined, accessToken: string, path: string) {
  const first = app.version[0] ?? '';
  return versions
    ? versions.run((version) => restGetWith(app, version, accessToken, path))
    : restGetWith(app, first, accessToken, path);
}

async function restGetWith(app: VersionedApp, version: string, accessToken: string, path: string) {
  const response = await request(new URL(path, app.apiBase), {
    headers: {
      authorization: `Bearer ${accessToken}`,
      'linkedin-version': version,
      'x-restli-protocol-version': '2.0.0',
    },
    headersTimeout: app.timeoutMs,
    bodyTimeout: app.timeoutMs,
  });
  const body = (await response.body.json().catch(() => ({}))) as Json;
  if (response.statusCode !== 200) {
    const code = typeof body['code'] === 'string' ? body['code'] : undefined;
    throw new LinkedInOAuthError(
      `${path.split('?')[0]} answered ${response.statusCode}`,
      response.statusCode,
      code,
    );
  }
  return body;
}

/**
 * The Pages the token's member may post as: approved `organizationAcls` with a posting role, named through a
 * batch organization lookup. One entry per Page, with the strongest role first in `POSTING_ROLES` order.
 */
export async function fetchAdministeredOrganizations(
  app: VersionedApp,
  accessToken: string,
  versions?: VersionRunner,
): Promise<Organization[]> {
  const acls = await restGet(
    app,
    versions,
    accessToken,
    '/rest/organizationAcls?q=roleAssignee&state=APPROVED&count=100',
  );
  const roles = new Map<string, string>();
  const order = [...POSTING_ROLES];
  for (const element of Array.isArray(acls['elements']) ? (acls['elements'] as Json[]) : []) {
    const urn = element['organization'];
    const role = element['role'];
    if (typeof urn !== 'string' || typeof role !== 'string' || !POSTING_ROLES.has(role)) continue;
    if (!/^urn:li:organization:\d+$/.test(urn)) continue;
    const known = roles.get(urn);
    if (known === undefined || order.indexOf(role) < order.indexOf(known)) roles.set(urn, role);
  }
  if (roles.size === 0) return [];
  const ids = [...roles.keys()].map((urn) => urn.slice('urn:li:organization:'.length));
  const lookup = await restGet(app, versions, accessToken, `/rest/organizations?ids=List(${ids.join(',')})`);
  const results = (lookup['results'] ?? {}) as Record<string, Json | undefined>;
  return [...roles].map(([urn, role]) => {
    const found = results[urn.slice('urn:li:organization:'.length)];
    const name = typeof found?.['localizedName'] === 'string' ? found['localizedName'] : urn;
    return { urn, name, role };
  });
}
