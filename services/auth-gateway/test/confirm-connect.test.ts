import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { confirmForm, landing, RETURN_TO, useGatewayHarness, type GatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });

function confirm(h: GatewayHarness, fields: Record<string, string>, cookie?: string) {
  return h.app.inject({
    method: 'POST',
    url: '/oauth/linkedin/start',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie !== undefined ? { cookie } : {}),
    },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** A GET that shows our page: no redirect anywhere, no LinkedIn flow bound to the browser. */
function expectStartsNothing(response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(200);
  expect(response.headers.location).toBeUndefined();
  expect(response.cookies.find((c) => c.name === 'li_connect')).toBeUndefined();
}

describe('a connect link opened by a GET alone starts nothing (finding 2)', () => {
  it("a backend's authorizeUrl shows who asks, and leaves the flow unused", async () => {
    const h = harness();
    await h.connected(); // the member used our app before: LinkedIn would not ask again
    const startPath = await h.authorize();
    const page = await h.app.inject({ method: 'GET', url: startPath });
    expectStartsNothing(page);
    expect(page.body).toContain('<span id="tenant">tenant-a</span> wants to publish on LinkedIn as you');
    expect(page.body).toContain('app.example.test');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain(`form-action 'self' ${h.emulator.url}`);
    // A second GET (a link preview, then the member) still finds the flow: a GET never takes it.
    expectStartsNothing(await h.app.inject({ method: 'GET', url: startPath }));
    const { consentUrl, cookie } = await h.start(startPath);
    const { location } = await h.callback(await h.consent(consentUrl, 'allow'), cookie);
    expect(landing(location).query['connected']).toBe('true');
  });

  it.each([
    ['member', 'on LinkedIn as you'],
    ['organization', 'on a Company Page you administer'],
  ])('the self-serve start for kind=%s shows our page', async (kind, wording) => {
    const h = harness();
    const page = await h.app.inject({ method: 'GET', url: `/oauth/linkedin/start?kind=${kind}` });
    expectStartsNothing(page);
    expect(page.body).toContain(`wants to publish ${wording}`);
    const { fields } = confirmForm(page);
    expect(Object.keys(fields).sort()).toEqual(['kind', 'token']);
    expect(fields['kind']).toBe(kind);
  });

  it('a confirm POST without the token bound to this browser is refused and uses nothing up', async () => {
    const h = harness();
    const startPath = await h.authorize();
    const session = new URL(startPath, 'http://x').searchParams.get('session') ?? '';
    const mine = confirmForm(await h.app.inject({ method: 'GET', url: startPath }));
    const other = confirmForm(await h.app.inject({ method: 'GET', url: startPath }));
    const selfServe = confirmForm(await h.app.inject({ method: 'GET', url: '/connect' }));
    const refusals = [
      confirm(h, { session }), // a cross-site form: no cookie, no token
      confirm(h, { session }, mine.cookie), // the cookie alone
      confirm(h, mine.fields), // the token alone
      confirm(h, mine.fields, other.cookie), // another browser's cookie
      confirm(h, { session, token: selfServe.fields['token'] ?? '' }, selfServe.cookie), // another flow's token
      confirm(h, { kind: 'member' }), // the self-serve flow, cross-site
    ];
    for (const refused of await Promise.all(refusals)) {
      expect(refused.statusCode).toBe(403);
      expect(refused.headers.location).toBeUndefined();
      expect(refused.cookies.find((c) => c.name === 'li_connect')).toBeUndefined();
    }
    // The page's own form still works, once.
    const accepted = await confirm(h, mine.fields, mine.cookie);
    expect(accepted.statusCode).toBe(303);
    expect(String(accepted.headers.location)).toMatch(
      new RegExp(`^${h.emulator.url}/oauth/v2/authorization\\?`),
    );
    const cookie = accepted.cookies.find((c) => c.name === 'li_connect');
    const callbackUrl = await h.consent(new URL(String(accepted.headers.location)), 'allow');
    const { location } = await h.callback(callbackUrl, `li_connect=${cookie?.value ?? ''}`);
    expect(landing(location).target).toBe(RETURN_TO);
    expect(landing(location).query['connected']).toBe('true');
  });

  it("the connect page's button is the confirmation: one click to LinkedIn", async () => {
    const h = harness();
    const { consentUrl, cookie } = await h.start('/connect');
    const callbackUrl = await h.consent(consentUrl, 'allow');
    const page = await h.app.inject({
      method: 'GET',
      url: `${callbackUrl.pathname}${callbackUrl.search}`,
      headers: { cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(h.emulator.defaultMember.name);
  });
});
