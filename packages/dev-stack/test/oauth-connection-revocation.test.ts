import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { authorizeAsBrowser } from './oauth-browser.ts';
import { API_KEY, useTestSystem } from './system.ts';

const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

// Openly registered agents connect into tenant-a, where API_KEY revokes and reconnects the same member.
const system = useTestSystem({
  env: { 'auth-gateway': { OAUTH_REGISTRATION: 'open', OAUTH_TENANT: 'tenant-a' } },
});

interface Tokens {
  access_token: string;
  refresh_token: string;
  connection_id: string;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

async function registerAgent(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

/** One whole authorization as an agent and its member's browser do it: PKCE, both consents, the code grant. */
async function authorizeAgent(gatewayUrl: string, clientId: string): Promise<Tokens> {
  const verifier = base64url(randomBytes(32));
  const url = new URL('/oauth/authorize', gatewayUrl);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    code_challenge: base64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state: base64url(randomBytes(16)),
  }).toString();
  const landed = await authorizeAsBrowser(url);
  const code = landed.searchParams.get('code');
  if (!code) throw new Error(`no code: ${landed.search}`);
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

function refresh(gatewayUrl: string, clientId: string, refreshToken: string) {
  return fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
    }),
  });
}

function post(gatewayUrl: string, tokens: Tokens, requestId: string) {
  return fetch(`${gatewayUrl}/v1/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestId, connectionId: tokens.connection_id, text: `agent post ${requestId}` }),
  });
}

/** token-keeper stores a connection from `token.issued`: posting works once it is readable and active. */
async function waitUntilActive(gatewayUrl: string, connectionId: string) {
  await waitFor(
    async () => {
      const response = await fetch(`${gatewayUrl}/v1/connections/${connectionId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      return response.ok && ((await response.json()) as { status: string }).status === 'active' ? true : null;
    },
    { timeoutMs: 15_000 },
  );
}

/** What must hold for a grant that was ended: no post, no refresh. */
async function expectDead(gatewayUrl: string, clientId: string, tokens: Tokens, requestId: string) {
  const posted = await post(gatewayUrl, tokens, requestId);
  expect(posted.status).toBe(401);
  expect(posted.headers.get('www-authenticate')).toContain('error="invalid_token"');
  expect(((await posted.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
  const refreshed = await refresh(gatewayUrl, clientId, tokens.refresh_token);
  expect(refreshed.status).toBe(400);
  expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant');
}

describe("a connection's revocation or reconnection ends the OAuth grants made for it", () => {
  it(
    'reconnecting the member through /v1/connections/authorize ends the agent’s tokens',
    { timeout: 60_000 },
    async () => {
      const { gatewayUrl } = system();
      const clientId = await registerAgent(gatewayUrl);
      const tokens = await authorizeAgent(gatewayUrl, clientId);
      await waitUntilActive(gatewayUrl, tokens.connection_id);
      expect((await post(gatewayUrl, tokens, 'before-reconnect')).status).toBe(202);

      // The same member connects into the same tenant again: the same connection, replaced.
      const landed = await connectMember(gatewayUrl, { tenantId: 'tenant-a' });
      expect(landed.searchParams.get('connectionId')).toBe(tokens.connection_id);
      await expectDead(gatewayUrl, clientId, tokens, 'after-reconnect');

      // An authorization that itself reconnects the member gets working tokens (and ends the earlier ones).
      const again = await authorizeAgent(gatewayUrl, clientId);
      expect(again.connection_id).toBe(tokens.connection_id);
      await waitUntilActive(gatewayUrl, again.connection_id);
      expect((await post(gatewayUrl, again, 'after-new-authorization')).status).toBe(202);
      const rotated = await refresh(gatewayUrl, clientId, again.refresh_token);
      expect(rotated.status).toBe(200);
    },
  );

  it(
    'DELETE /v1/connections/:id ends the agent’s access and refresh tokens',
    { timeout: 60_000 },
    async () => {
      const { gatewayUrl } = system();
      const clientId = await registerAgent(gatewayUrl);
      const tokens = await authorizeAgent(gatewayUrl, clientId);
      await waitUntilActive(gatewayUrl, tokens.connection_id);
      expect((await post(gatewayUrl, tokens, 'before-revoke')).status).toBe(202);

      const revoked = await fetch(`${gatewayUrl}/v1/connections/${tokens.connection_id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(revoked.status).toBe(204);
      await expectDead(gatewayUrl, clientId, tokens, 'after-revoke');
    },
  );
});
