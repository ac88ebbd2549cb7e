import { describe, expect, it } from 'vitest';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { authorizeClient, registerPublicClient, type OAuthClientFlow } from './oauth-client-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';

// Openly registered agents connect into tenant-a, where API_KEY revokes and reconnects the same member.
const system = useTestSystem({
  env: { 'auth-gateway': { OAUTH_REGISTRATION: 'open', OAUTH_TENANT: 'tenant-a' } },
});

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

function post(gatewayUrl: string, tokens: OAuthClientFlow, requestId: string) {
  return fetch(`${gatewayUrl}/v1/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestId, connectionId: tokens.connectionId, text: `agent post ${requestId}` }),
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
async function expectDead(gatewayUrl: string, clientId: string, tokens: OAuthClientFlow, requestId: string) {
  const posted = await post(gatewayUrl, tokens, requestId);
  expect(posted.status).toBe(401);
  expect(posted.headers.get('www-authenticate')).toContain('error="invalid_token"');
  expect(((await posted.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
  const refreshed = await refresh(gatewayUrl, clientId, tokens.refreshToken);
  expect(refreshed.status).toBe(400);
  expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant');
}

describe("a connection's revocation or reconnection ends the OAuth grants made for it", () => {
  it(
    'reconnecting the member through /v1/connections/authorize ends the agent’s tokens',
    { timeout: 60_000 },
    async () => {
      const { gatewayUrl } = system();
      const clientId = await registerPublicClient(gatewayUrl);
      const tokens = await authorizeClient(gatewayUrl, clientId);
      await waitUntilActive(gatewayUrl, tokens.connectionId);
      expect((await post(gatewayUrl, tokens, 'before-reconnect')).status).toBe(202);

      // The same member connects into the same tenant again: the same connection, replaced.
      const landed = await connectMember(gatewayUrl, { tenantId: 'tenant-a' });
      expect(landed.searchParams.get('connectionId')).toBe(tokens.connectionId);
      await expectDead(gatewayUrl, clientId, tokens, 'after-reconnect');

      // An authorization that itself reconnects the member gets working tokens (and ends the earlier ones).
      const again = await authorizeClient(gatewayUrl, clientId);
      expect(again.connectionId).toBe(tokens.connectionId);
      await waitUntilActive(gatewayUrl, again.connectionId);
      expect((await post(gatewayUrl, again, 'after-new-authorization')).status).toBe(202);
      const rotated = await refresh(gatewayUrl, clientId, again.refreshToken);
      expect(rotated.status).toBe(200);
    },
  );

  it(
    'DELETE /v1/connections/:id ends the agent’s access and refresh tokens',
    { timeout: 60_000 },
    async () => {
      const { gatewayUrl } = system();
      const clientId = await registerPublicClient(gatewayUrl);
      const tokens = await authorizeClient(gatewayUrl, clientId);
      await waitUntilActive(gatewayUrl, tokens.connectionId);
      expect((await post(gatewayUrl, tokens, 'before-revoke')).status).toBe(202);

      const revoked = await fetch(`${gatewayUrl}/v1/connections/${tokens.connectionId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(revoked.status).toBe(204);
      await expectDead(gatewayUrl, clientId, tokens, 'after-revoke');
    },
  );
});
