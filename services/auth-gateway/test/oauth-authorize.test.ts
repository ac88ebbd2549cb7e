import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY, PUBLIC_ORIGIN, useGatewayHarness } from './harness.ts';
import {
  authorizePath,
  authorizeThroughLinkedIn,
  CLIENT_REDIRECT,
  consentForm,
  pkcePair,
  postConsent,
  register,
  registeredClient,
} from './oauth-flow.ts';

// Open registration: anyone may register a client, the setting the open-redirector and consent tests are about.
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_REGISTRATION: 'open' },
);
const { challenge } = pkcePair();

describe('authorization server metadata', () => {
  it('RFC 8414 and RFC 9728 documents name the endpoints, S256 only, and the MCP resource', async () => {
    const h = harness();
    const server = await h.app.inject({ url: '/.well-known/oauth-authorization-server' });
    expect(server.json()).toMatchObject({
      issuer: PUBLIC_ORIGIN,
      authorization_endpoint: `${PUBLIC_ORIGIN}/oauth/authorize`,
      token_endpoint: `${PUBLIC_ORIGIN}/oauth/token`,
      registration_endpoint: `${PUBLIC_ORIGIN}/oauth/register`,
      revocation_endpoint: `${PUBLIC_ORIGIN}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
    });
    const mcp = await h.app.inject({ url: '/.well-known/oauth-protected-resource/mcp' });
    expect(mcp.json()).toMatchObject({
      resource: `${PUBLIC_ORIGIN}/mcp`,
      authorization_servers: [PUBLIC_ORIGIN],
    });
    const api = await h.app.inject({ url: '/.well-known/oauth-protected-resource' });
    expect(api.json()).toMatchObject({ resource: PUBLIC_ORIGIN, authorization_servers: [PUBLIC_ORIGIN] });
  });
});

describe('dynamic client registration (RFC 7591)', () => {
  it('registers a public client with a loopback redirect and a confidential one with a secret', async () => {
    const h = harness();
    const loopback = await register(h, { redirect_uris: ['http://127.0.0.1:33418/callback'] });
    expect(loopback.statusCode).toBe(201);
    expect(loopback.json()).toMatchObject({ token_endpoint_auth_method: 'none', client_name: 'Test agent' });
    expect(loopback.json()).not.toHaveProperty('client_secret');
    const confidential = await register(h, { token_endpoint_auth_method: 'client_secret_basic' });
    expect(confidential.json<{ client_secret: string }>().client_secret).toMatch(/^lbcs_/);
    expect(confidential.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['plain http on a public host', 'http://agent.example.test/cb'],
    ['a fragment', 'https://agent.example.test/cb#x'],
    ['a custom scheme', 'javascript://alert(1)'],
    ['not a URL', 'not a url'],
  ])('refuses a redirect URI with %s: invalid_redirect_uri', async (_name, uri) => {
    const response = await register(harness(), { redirect_uris: [uri] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it('refuses bad metadata (no redirect URIs, unknown scope, a non-JSON body) with invalid_client_metadata', async () => {
    const h = harness();
    expect((await register(h, { redirect_uris: [] })).json()).toMatchObject({
      error: 'invalid_client_metadata',
    });
    expect((await register(h, { scope: 'admin' })).json()).toMatchObject({
      error: 'invalid_client_metadata',
    });
    const garbage = await h.app.inject({
      method: 'POST',
      url: '/oauth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"redirect_uris":',
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('registration modes', () => {
  const protectedHarness = useGatewayHarness(
    { beforeAll, afterAll, beforeEach, afterEach },
    { OAUTH_REGISTRATION: 'protected' },
  );
  it('protected: an API key is the initial access token and binds the client to its tenant', async () => {
    const h = protectedHarness();
    const anonymous = await register(h);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: 'invalid_token' });
    const wrongKey = await register(h, {}, { authorization: 'Bearer not-a-key-0123456789' });
    expect(wrongKey.statusCode).toBe(401);
    const withKey = await register(h, {}, { authorization: `Bearer ${API_KEY}` });
    expect(withKey.statusCode).toBe(201);
    const other = await register(h, { tenant_id: 'tenant-b' }, { authorization: `Bearer ${API_KEY}` });
    expect(other.json()).toMatchObject({ error: 'invalid_client_metadata' });
  });
});

describe('registration off', () => {
  const offHarness = useGatewayHarness(
    { beforeAll, afterAll, beforeEach, afterEach },
    { OAUTH_REGISTRATION: 'off' },
  );
  it('has no registration endpoint and does not advertise one', async () => {
    const h = offHarness();
    expect((await register(h)).statusCode).toBe(404);
    const metadata = await h.app.inject({ url: '/.well-known/oauth-authorization-server' });
    expect(metadata.json()).not.toHaveProperty('registration_endpoint');
  });
});

describe('GET /oauth/authorize', () => {
  it('shows the consent page naming the client (escaped) and binds it to the browser', async () => {
    const h = harness();
    const client = await registeredClient(h, { client_name: '<img src=x onerror=alert(1)>' });
    const page = await h.app.inject({ url: authorizePath(client, { code_challenge: challenge }) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).not.toContain('<img src=x');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(consentForm(page).request).toMatch(/^lbar_/);
  });

  it('an unknown client or an unregistered redirect URI is shown on an escaped page, never redirected', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const unknown = await h.app.inject({
      url: authorizePath(
        { ...client, client_id: '<script>alert(1)</script>' },
        { code_challenge: challenge },
      ),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers.location).toBeUndefined();
    expect(unknown.body).not.toContain('<script>');
    const evil = 'https://evil.example.test/steal?<b>x</b>';
    const mismatched = await h.app.inject({
      url: authorizePath(client, { code_challenge: challenge, redirect_uri: evil }),
    });
    expect(mismatched.statusCode).toBe(400);
    expect(mismatched.headers.location).toBeUndefined();
    expect(mismatched.body).toContain('invalid_request');
    expect(mismatched.body).not.toContain('<b>x</b>');
    // Exact match: a registered URI with an extra query or path is another URI.
    const extended = await h.app.inject({
      url: authorizePath(client, { code_challenge: challenge, redirect_uri: `${CLIENT_REDIRECT}?x=1` }),
    });
    expect(extended.statusCode).toBe(400);
  });

  it.each([
    ['plain PKCE', 'invalid_request', { code_challenge: challenge, code_challenge_method: 'plain' }],
    [
      'no PKCE method (plain by default)',
      'invalid_request',
      { code_challenge: challenge, code_challenge_method: undefined },
    ],
    ['no code_challenge', 'invalid_request', { code_challenge: undefined }],
    [
      'response_type=token',
      'unsupported_response_type',
      { code_challenge: challenge, response_type: 'token' },
    ],
    ['an unknown scope', 'invalid_scope', { code_challenge: challenge, scope: 'posts:write admin' }],
    [
      'a foreign resource',
      'invalid_target',
      { code_challenge: challenge, resource: 'https://other.example.test/' },
    ],
  ])('%s is shown on our page as %s, never redirected (no open redirector)', async (_name, error, params) => {
    const h = harness();
    const client = await registeredClient(h);
    const response = await h.app.inject({ url: authorizePath(client, params) });
    expect(response.statusCode).toBe(400);
    expect(response.headers.location).toBeUndefined();
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain(`<code id="error">${error}</code>`);
    expect(response.body).not.toContain(CLIENT_REDIRECT);
    expect(response.cookies.find((c) => c.name === 'oauth_consent')).toBeUndefined();
  });

  it('a state over 512 characters is shown as invalid_request and nothing is stored', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const long = await h.app.inject({
      url: authorizePath(client, { code_challenge: challenge, state: 's'.repeat(513) }),
    });
    expect(long.statusCode).toBe(400);
    expect(long.headers.location).toBeUndefined();
    expect(long.body).toContain('invalid_request');
    expect(long.cookies.find((c) => c.name === 'oauth_consent')).toBeUndefined();
    const longest = await h.app.inject({
      url: authorizePath(client, { code_challenge: challenge, state: 's'.repeat(512) }),
    });
    expect(consentForm(longest).request).toMatch(/^lbar_/);
  });

  it('Allow goes to LinkedIn from the consenting browser only: another browser gets no code', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const page = await h.app.inject({ url: authorizePath(client, { code_challenge: challenge }) });
    const allowed = await postConsent(h, consentForm(page), 'allow-member');
    // Straight to LinkedIn: no gateway link is made that could be handed to someone else.
    expect(allowed.statusCode).toBe(303);
    const linkedin = new URL(String(allowed.headers.location));
    expect(`${linkedin.origin}${linkedin.pathname}`).toBe(`${h.emulator.url}/oauth/v2/authorization`);
    expect(allowed.cookies.find((c) => c.name === 'li_connect')?.httpOnly).toBe(true);
    // The victim's browser opens that LinkedIn URL and comes back without the consenting browser's cookie.
    const callbackUrl = await h.consent(linkedin, 'allow');
    const victim = await h.callback(callbackUrl);
    expect(`${victim.location.origin}${victim.location.pathname}`).not.toBe(CLIENT_REDIRECT);
    expect(Object.fromEntries(victim.location.searchParams)).toEqual({ error: 'session_expired' });
    expect(await h.tokenExchanges()).toBe(0);
  });

  it('a consent answer without the browser cookie, or a second time, is refused', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const page = await h.app.inject({ url: authorizePath(client, { code_challenge: challenge }) });
    const form = consentForm(page);
    const forged = await postConsent(h, { request: form.request }, 'allow-member');
    expect(forged.statusCode).toBe(400);
    expect(forged.headers.location).toBeUndefined();
    // The request was used up by that attempt: even the right browser cannot replay it.
    expect((await postConsent(h, form, 'allow-member')).statusCode).toBe(400);
  });

  it('Deny, and Cancel at LinkedIn, come back to the client as access_denied with its state', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const page = await h.app.inject({ url: authorizePath(client, { code_challenge: challenge }) });
    const denied = await postConsent(h, consentForm(page), 'deny');
    expect(new URL(String(denied.headers.location)).searchParams.get('error')).toBe('access_denied');
    const cancelled = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge }, 'cancel');
    expect(Object.fromEntries(cancelled.searchParams)).toMatchObject({
      error: 'access_denied',
      state: 'state-123',
    });
    expect(cancelled.searchParams.has('code')).toBe(false);
  });

  it('Allow goes through LinkedIn and returns a code with the state and the issuer', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const landed = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge });
    expect(`${landed.origin}${landed.pathname}`).toBe(CLIENT_REDIRECT);
    expect(landed.searchParams.get('code')).toMatch(/^lbac_/);
    expect(landed.searchParams.get('state')).toBe('state-123');
    expect(landed.searchParams.get('iss')).toBe(PUBLIC_ORIGIN);
  });
});
