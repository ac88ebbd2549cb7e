import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { grantAccessToken } from '@li-bus/linkedin-emulator';
import { API_KEY, RETURN_TO, useTestSystem, type TestSystem } from './system.ts';

// The attacker's registered redirect URI: never fetched, only looked for in the browsers' way.
const ATTACKER_REDIRECT = 'http://127.0.0.1:9/attacker/callback';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * One browser: a cookie jar for the gateway, following every redirect but never clicking anything. It stops
 * (without fetching) where the way leaves the gateway and LinkedIn, e.g. at a client's redirect URI.
 */
function browser(gatewayUrl: string, linkedinUrl: string) {
  const jar = new Map<string, string>();
  const visited: URL[] = [];
  const ours = new Set([new URL(gatewayUrl).origin, new URL(linkedinUrl).origin]);
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  async function open(first: string | URL, post?: Record<string, string>) {
    let url = new URL(first);
    let body = post ? new URLSearchParams(post).toString() : undefined;
    for (let hop = 0; hop < 10; hop++) {
      visited.push(url);
      if (!ours.has(url.origin)) return { status: 0, url, html: '' };
      const gateway = url.origin === new URL(gatewayUrl).origin;
      const answer = await request(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...(gateway && jar.size > 0 ? { cookie: cookie() } : {}), ...(body ? FORM : {}) },
        ...(body !== undefined ? { body } : {}),
      });
      const html = await answer.body.text();
      for (const line of gateway ? [answer.headers['set-cookie'] ?? []].flat() : []) {
        const pair = line.split(';')[0] ?? '';
        const name = pair.slice(0, pair.indexOf('='));
        const value = pair.slice(pair.indexOf('=') + 1);
        if (value === '') jar.delete(name);
        else jar.set(name, value);
      }
      const location = answer.headers.location;
      if (answer.statusCode < 300 || answer.statusCode >= 400 || location === undefined) {
        return { status: answer.statusCode, url, html };
      }
      url = new URL(String(location), url);
      body = undefined;
    }
    throw new Error('too many redirects');
  }
  return { open, visited, cookie };
}

/** The hidden fields of a page's first form. */
function formFields(html: string): Record<string, string> {
  const form = /<form method="post"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  ) as Record<string, string>;
}

const pathOf = (url: URL) => `${url.origin}${url.pathname}`;

/**
 * The default member allows our LinkedIn app its member scopes once (as an earlier connect did), so LinkedIn (the
 * emulator) answers the next authorization for them at once, with no consent screen.
 */
async function memberGrantedBefore(gatewayUrl: string, emulator: TestSystem['emulator']) {
  await grantAccessToken(emulator, {
    redirectUri: `${gatewayUrl}/oauth/linkedin/callback`,
    scope: 'openid profile email w_member_social',
  });
}

describe('connect flows stay in the browser that confirmed them (issue 15, findings 1 and 2)', () => {
  const system = useTestSystem();

  it("an attacker's consent handed to a member who granted the app never yields a code for it", async () => {
    const { gatewayUrl, emulator } = system();
    // The victim used our app before: LinkedIn (the emulator) now skips its own consent for them.
    await memberGrantedBefore(gatewayUrl, emulator);

    const registered = await request(`${gatewayUrl}/oauth/register`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [ATTACKER_REDIRECT], token_endpoint_auth_method: 'none' }),
    });
    const { client_id } = (await registered.body.json()) as { client_id: string };
    expect(registered.statusCode).toBe(201);
    const attacker = browser(gatewayUrl, emulator.url);
    const authorize = new URL('/oauth/authorize', gatewayUrl);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id,
      redirect_uri: ATTACKER_REDIRECT,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 'attacker-state',
    }).toString();
    const consentPage = await attacker.open(authorize);
    expect(consentPage.status).toBe(200);
    // The attacker clicks Allow in their own browser and keeps whatever link the gateway answers with.
    const allowed = await request(new URL('/oauth/authorize', gatewayUrl), {
      method: 'POST',
      headers: { ...FORM, cookie: attacker.cookie() },
      body: new URLSearchParams({ ...formFields(consentPage.html), decision: 'allow-member' }).toString(),
    });
    await allowed.body.dump();
    expect(allowed.statusCode).toBe(303);
    const handedOver = new URL(String(allowed.headers.location), gatewayUrl);

    const victim = browser(gatewayUrl, emulator.url);
    const landed = await victim.open(handedOver);
    // The victim's browser did reach LinkedIn, which answered at once (no consent screen)…
    expect(victim.visited.some((u) => pathOf(u) === `${emulator.url}/oauth/v2/authorization`)).toBe(true);
    expect(victim.visited.some((u) => u.pathname === '/oauth/linkedin/callback')).toBe(true);
    // …but never got to the attacker's redirect URI with a code.
    const atAttacker = victim.visited.filter((u) => pathOf(u) === ATTACKER_REDIRECT);
    expect(atAttacker.filter((u) => u.searchParams.has('code'))).toEqual([]);
    expect(pathOf(landed.url)).toBe(`${gatewayUrl}/connect`);
    expect(landed.url.searchParams.get('error')).toBe('session_expired');
  });

  it('a connect link opened by a GET alone never reaches LinkedIn; the page form must be used', async () => {
    const { gatewayUrl, emulator } = system();
    await memberGrantedBefore(gatewayUrl, emulator); // LinkedIn would not ask this member again
    const authorized = await request(`${gatewayUrl}/v1/connections/authorize`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'tenant-a', returnTo: RETURN_TO, kind: 'member' }),
    });
    const { authorizeUrl } = (await authorized.body.json()) as { authorizeUrl: string };

    const member = browser(gatewayUrl, emulator.url);
    for (const link of [authorizeUrl, `${gatewayUrl}/oauth/linkedin/start?kind=member`]) {
      const shown = await member.open(link);
      expect(shown.status).toBe(200);
      expect(pathOf(shown.url)).toBe(`${gatewayUrl}/oauth/linkedin/start`);
      expect(shown.html).toContain('wants to publish on LinkedIn as you');
    }
    expect(member.visited.every((u) => u.origin === new URL(gatewayUrl).origin)).toBe(true);

    // A page elsewhere posting the form: no cookie, no token (or a token without its cookie) → refused.
    const page = await member.open(authorizeUrl);
    const fields = formFields(page.html);
    const session = fields['session'] ?? '';
    for (const forged of [{ session }, fields]) {
      const refused = await request(`${gatewayUrl}/oauth/linkedin/start`, {
        method: 'POST',
        headers: FORM,
        body: new URLSearchParams(forged).toString(),
      });
      await refused.body.dump();
      expect(refused.statusCode).toBe(403);
      expect(refused.headers.location).toBeUndefined();
    }

    // The page's own form, in the member's browser: LinkedIn, then back to the backend, connected.
    const done = await member.open(`${gatewayUrl}/oauth/linkedin/start`, fields);
    expect(member.visited.some((u) => pathOf(u) === `${emulator.url}/oauth/v2/authorization`)).toBe(true);
    expect(pathOf(done.url)).toBe(RETURN_TO);
    expect(done.url.searchParams.get('connected')).toBe('true');
  });
});
