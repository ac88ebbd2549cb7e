import { newMemberSub, newOrganizationId } from './ids.ts';

/** Page roles; the first three may post as the organization. */
export const ORGANIZATION_ROLES = [
  'ADMINISTRATOR',
  'DIRECT_SPONSORED_CONTENT_POSTER',
  'CONTENT_ADMIN',
  'RECRUITING_POSTER',
  'LEAD_GEN_FORMS_MANAGER',
  'ANALYST',
  'CURATOR',
] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

export const POSTING_ROLES: readonly OrganizationRole[] = [
  'ADMINISTRATOR',
  'DIRECT_SPONSORED_CONTENT_POSTER',
  'CONTENT_ADMIN',
];

export interface Organization {
  id: string;
  urn: string;
  name: string;
}

export interface Member {
  sub: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  emailVerified: boolean;
  picture: string;
  locale: { country: string; language: string };
  /** Page roles by organization id. */
  roles: Map<string, OrganizationRole>;
}

export interface MemberInput {
  sub?: string | undefined;
  name: string;
  email?: string | undefined;
  organizations?: { id?: string | undefined; name: string; role: OrganizationRole }[] | undefined;
}

/** Members and the Company Pages they administer. */
export interface Directory {
  members: Map<string, Member>;
  organizations: Map<string, Organization>;
  addMember(input: MemberInput): Member;
  organizationsOf(member: Member): { urn: string; name: string; role: OrganizationRole }[];
}

export function organizationUrn(id: string): string {
  return `urn:li:organization:${id}`;
}

function emailFor(name: string): string {
  const local = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local || 'member'}@example.com`;
}

export function createDirectory(): Directory {
  const members = new Map<string, Member>();
  const organizations = new Map<string, Organization>();

  function ensureOrganization(id: string | undefined, name: string): Organization {
    const existing = id === undefined ? undefined : organizations.get(id);
    if (existing) return existing;
    let orgId = id ?? newOrganizationId();
    while (id === undefined && organizations.has(orgId)) orgId = newOrganizationId();
    const organization = { id: orgId, urn: organizationUrn(orgId), name };
    organizations.set(orgId, organization);
    return organization;
  }

  return {
    members,
    organizations,
    addMember(input) {
      const [givenName = input.name, ...rest] = input.name.trim().split(/\s+/);
      const sub = input.sub ?? newMemberSub();
      const member: Member = {
        sub,
        name: input.name,
        givenName,
        familyName: rest.join(' '),
        email: input.email ?? emailFor(input.name),
        emailVerified: true,
        picture: `https://media.licdn.com/dms/image/v2/emulator/profile-displayphoto-${sub}`,
        locale: { country: 'US', language: 'en' },
        roles: new Map(),
      };
      for (const org of input.organizations ?? []) {
        member.roles.set(ensureOrganization(org.id, org.name).id, org.role);
      }
      members.set(sub, member);
      return member;
    },
    organizationsOf(member) {
      const out: { urn: string; name: string; role: OrganizationRole }[] = [];
      for (const [id, role] of member.roles) {
        const organization = organizations.get(id);
        if (organization) out.push({ urn: organization.urn, name: organization.name, role });
      }
      return out;
    },
  };
}
