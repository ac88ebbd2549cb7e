import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  API_KEY,
  confirmForm,
  OTHER_TENANT_KEY,
  PUBLIC_ORIGIN,
  RETURN_TO,
  useGatewayHarness,
} from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const valid = { tenantId: 'tenant-a', returnTo: RETURN_TO, kind: 'member' };

function authorize(headers: Record<string, string>, payload: unknown) {
  return harness().app.inject({
    method: 'POST',
    url: '/v1/connections/authorize',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('POST /v1/connections/authorize', () => {
  it('401 unauthorized without an API key, whatever the body', async () => {
    for (const body of [valid, {}, '{"tenantId": ', JSON.stringify({ padding: 'x'.repeat(65 * 1024) })]) {
      const response = await authorize({}, body);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await harness().tokenExchanges()).toBe(0);
  });

  it('401 unauthorized with a wrong API key (Bearer or X-API-Key)', async () => {
    for (const headers of [bearer('wrong-key-0123456789abcdef'), { 'x-api-key': `${API_KEY}x` }]) {
      const response = await authorize(headers, valid);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await harness().tokenExchanges()).toBe(0);
  });

  it('403 forbidden with a key bound to another tenant', async () => {
    const response = await authorize(bearer(OTHER_TENANT_KEY), valid);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await harness().tokenExchanges()).toBe(0);
  });

  it('400 invalid_return_to when returnTo is not on the allowlist', async () => {
    for (const returnTo of ['https://evil.example/steal', `${RETURN_TO}/../other`, `${RETURN_TO}?x=1`]) {
      const response = await authorize(bearer(API_KEY), { ...valid, returnTo });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_return_to' } });
    }
    expect(await harness().tokenExchanges()).toBe(0);
  });

  it('400 invalid_request for an unknown kind, an unknown field or malformed JSON', async () => {
    const unknownKind = await authorize(bearer(API_KEY), { ...valid, kind: 'robot' });
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect(unknownKind.json<{ error: { message: string } }>().error.message).toContain('kind');

    const extra = await authorize(bearer(API_KEY), { ...valid, admin: true });
    expect(extra.statusCode).toBe(400);

    const malformed = await authorize(bearer(API_KEY), '{"tenantId": "tenant-a",');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await harness().tokenExchanges()).toBe(0);
  });

  it('413 for a body over 64 KiB', async () => {
    const response = await authorize(bearer(API_KEY), { ...valid, padding: 'x'.repeat(65 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await harness().tokenExchanges()).toBe(0);
  });

  it('201 with a start URL on the gateway and an ISO expiry 15 minutes ahead', async () => {
    const h = harness();
    const response = await authorize(bearer(API_KEY), valid);
    expect(response.statusCode).toBe(201);
    const body = response.json<{ authorizeUrl: string; expiresAt: string }>();
    const url = new URL(body.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_ORIGIN}/oauth/linkedin/start`);
    expect([...url.searchParams.keys()]).toEqual(['session']);
    expect(url.searchParams.get('session')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(body.expiresAt).toBe(new Date(h.clock.now + 15 * 60 * 1000).toISOString());

    // The session starts a LinkedIn flow once, and only once, from our confirmation page's form.
    const page = await h.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    const form = confirmForm(page);
    const confirm = () =>
      h.app.inject({
        method: 'POST',
        url: '/oauth/linkedin/start',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
        payload: new URLSearchParams(form.fields).toString(),
      });
    const first = await confirm();
    expect(String(first.headers.location)).toMatch(
      new RegExp(`^${h.emulator.url}/oauth/v2/authorization\\?`),
    );
    const second = await confirm();
    expect(String(second.headers.location)).toBe(`${PUBLIC_ORIGIN}/connect?error=session_expired`);
  });
});

describe('GET /connect', () => {
  it('renders the Connect button with the security headers', async () => {
    const response = await harness().app.inject({ method: 'GET', url: '/connect' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // The button posts the self-serve form with this browser's token; the CSP lets it go on to LinkedIn only.
    const { fields } = confirmForm(response);
    expect(fields['kind']).toBe('member');
    expect(fields['token']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body).toMatch(/<button class="button" id="connect">Connect LinkedIn</);
    expect(response.headers['content-security-policy']).toContain(
      `form-action 'self' ${harness().emulator.url}`,
    );
  });

  it('escapes the error code it shows', async () => {
    const attack = '<script>alert(1)</script>"\'&';
    const response = await harness().app.inject({
      method: 'GET',
      url: `/connect?error=${encodeURIComponent(attack)}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('<script>');
    expect(response.body).not.toContain(attack);
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'shows the generic message for %s, not an inherited property',
    async (code) => {
      const response = await harness().app.inject({ method: 'GET', url: `/connect?error=${code}` });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('The connect attempt failed.');
      expect(response.body).not.toMatch(/native code|\[object Object\]/);
    },
  );

  it('explains a known error code', async () => {
    const response = await harness().app.inject({
      method: 'GET',
      url: '/connect?error=authorization_denied',
    });
    expect(response.body).toContain('declined');
    expect(response.body).toContain('Try again');
  });
});
