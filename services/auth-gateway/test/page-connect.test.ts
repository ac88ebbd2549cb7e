import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenIssued } from '@li-bus/contracts';
import { CONNECT_PAGE, landing, RETURN_TO, useGatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const pageFlow = (extra: Record<string, unknown> = {}) => ({
  tenantId: 'tenant-a',
  returnTo: RETURN_TO,
  kind: 'organization',
  ...extra,
});

async function emulatorAdmin(url: string, body: unknown) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.body.json();
  if (response.statusCode >= 300) throw new Error(`${url} answered ${response.statusCode}`);
  return json;
}

describe('Company Page connect', () => {
  it('asks for the organization scopes, never prompt=none, and lists the Pages the member administers', async () => {
    const h = harness();
    const { consentUrl } = await h.start(await h.authorize(pageFlow()));
    const scopes = consentUrl.searchParams.get('scope')?.split(' ') ?? [];
    expect(scopes).toEqual(expect.arrayContaining(['w_organization_social', 'rw_organization_admin']));
    expect(consentUrl.searchParams.has('prompt')).toBe(false);

    const connectionId = await h.connected(pageFlow());
    const event = tokenIssued.parse(
      JSON.parse(h.events.find((e) => e.subject === 'token.issued')?.data ?? ''),
    );
    expect(event.connectionId).toBe(connectionId);
    expect(event.organizations).toEqual([
      {
        urn: h.emulator.defaultOrganization.urn,
        name: h.emulator.defaultOrganization.name,
        role: 'ADMINISTRATOR',
      },
    ]);
    expect(await h.emulatorCalls('/rest/organizationAcls')).toBe(1);
  });

  it('lists only posting roles, and names every Page', async () => {
    const h = harness();
    const added = (await emulatorAdmin(`${h.emulator.url}/_emulator/members`, {
      members: [
        {
          name: 'Pat Pages',
          organizations: [
            { name: 'Alpha Corp', role: 'ADMINISTRATOR' },
            { name: 'Beta & <Co>', role: 'CONTENT_ADMIN' },
            { name: 'Gamma Analytics', role: 'ANALYST' },
          ],
        },
      ],
    })) as { members: [{ sub: string; organizations: { urn: string; name: string }[] }] };
    const pat = added.members[0];
    const { consentUrl, cookie } = await h.start(await h.authorize(pageFlow()));
    consentUrl.searchParams.set('emulator_member', pat.sub);
    const callbackUrl = await h.consent(consentUrl, 'allow');
    const { location } = await h.callback(callbackUrl, cookie);
    expect(landing(location).query['connected']).toBe('true');
    const event = tokenIssued.parse(
      JSON.parse(h.events.find((e) => e.subject === 'token.issued')?.data ?? ''),
    );
    expect(event.member.name).toBe('Pat Pages');
    expect(event.organizations.map((o) => [o.name, o.role]).sort()).toEqual([
      ['Alpha Corp', 'ADMINISTRATOR'],
      ['Beta & <Co>', 'CONTENT_ADMIN'],
    ]);
  });

  it('keeps only the pre-selected Page, and refuses one the member does not administer', async () => {
    const h = harness();
    const urn = h.emulator.defaultOrganization.urn;
    await h.connectMember(pageFlow({ organizationUrn: urn }));
    const event = tokenIssued.parse(
      JSON.parse(h.events.find((e) => e.subject === 'token.issued')?.data ?? ''),
    );
    expect(event.organizations.map((o) => o.urn)).toEqual([urn]);

    const { landed } = await h.connectMember(pageFlow({ organizationUrn: 'urn:li:organization:99999999' }));
    expect(landing(landed)).toEqual({ target: RETURN_TO, query: { error: 'authorization_denied' } });
    expect(h.events.filter((e) => e.subject === 'token.issued')).toHaveLength(1);
  });

  it('the self-serve page flow shows the member and the Page list, escaped', async () => {
    const h = harness();
    const { consentUrl, cookie } = await h.start('/oauth/linkedin/start?kind=organization');
    const callbackUrl = await h.consent(consentUrl, 'allow');
    const page = await h.app.inject({
      method: 'GET',
      url: `${callbackUrl.pathname}${callbackUrl.search}`,
      headers: { cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain(h.emulator.defaultMember.name);
    expect(page.body).toContain(`data-urn="${h.emulator.defaultOrganization.urn}"`);
  });

  it('an unknown kind on the self-serve start is missing_params, with no token call', async () => {
    const h = harness();
    const response = await h.app.inject({ method: 'GET', url: '/oauth/linkedin/start?kind=robot' });
    expect(response.statusCode).toBe(302);
    expect(landing(new URL(String(response.headers.location)))).toEqual({
      target: CONNECT_PAGE,
      query: { error: 'missing_params' },
    });
    expect(await h.tokenExchanges()).toBe(0);
  });
});

describe('reconnecting', () => {
  it('never sends an empty refresh token: a grant without one leaves the stored one in place', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const first = h.keeper.records.get(connectionId)?.refreshToken;
    expect(first).toMatch(/^v1\./);

    await emulatorAdmin(`${h.emulator.url}/_emulator/app`, { refreshTokens: false });
    await h.connectMember();
    const issued = h.events.filter((e) => e.subject === 'token.issued');
    expect(issued).toHaveLength(2);
    const second = JSON.parse(issued[1]?.data ?? '{}') as Record<string, unknown>;
    expect(second['connectionId']).toBe(connectionId);
    expect('refreshToken' in second).toBe(false);
    expect('refreshTokenExpiresAt' in second).toBe(false);
    await h.keeper.waitFor(connectionId, (r) => r.issuedAt === second['issuedAt']);
    expect(h.keeper.records.get(connectionId)?.refreshToken).toBe(first);
  });
});
