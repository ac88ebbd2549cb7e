import type { Organization } from './directory.ts';

export function vanityNameOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'page'
  );
}

/** Organization ids are numbers in LinkedIn's JSON; ids beyond 2^53 stay strings rather than lose digits. */
function numericId(id: string): number | string {
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : id;
}

/** `GET /rest/organizations/{id}`: the lookup fields an administrator sees. */
export function organizationView(organization: Organization): Record<string, unknown> {
  return {
    id: numericId(organization.id),
    $URN: organization.urn,
    localizedName: organization.name,
    vanityName: vanityNameOf(organization.name),
    name: { localized: { en_US: organization.name }, preferredLocale: { country: 'US', language: 'en' } },
    primaryOrganizationType: 'NONE',
    organizationType: 'PRIVATELY_HELD',
    localizedWebsite: `https://www.example.com/${vanityNameOf(organization.name)}`,
  };
}
