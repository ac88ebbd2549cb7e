import { describe, expect, it } from 'vitest';
import * as oauth from 'oauth4webapi';
import { waitFor } from '@li-bus/testkit';
import { authorizeAsBrowser } from './oauth-browser.ts';
import { useTestSystem } from './system.ts';

const REDIRECT_URI = 'http://127.0.0.1:53682/callback';
// The test system's gateway is plain http on loopback; oauth4webapi refuses that unless told.
const insecure = { [oauth.allowInsecureRequests]: true };

// Dynamic registration without an initial access token, as these clients do (the default is protected).
const system = useTestSystem({ env: { 'auth-gateway': { OAUTH_REGISTRATION: 'open' } } });

async function postStatus(gatewayUrl: string, accessToken: string, requestId: string) {
  const response = await fetch(`${gatewayUrl}/v1/posts/${requestId}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('a third-party app authorizes with oauth4webapi and posts through /v1/posts', () => {
  it(
    'discovery, registration, PKCE, token, post, rotation, reuse detection, revocation',
    { timeout: 60_000 },
    async () => {
      const { gatewayUrl, emulator } = system();
      const issuer = new URL(gatewayUrl);

      // Discovery (RFC 8414) and dynamic registration (RFC 7591).
      const as = await oauth.processDiscoveryResponse(
        issuer,
        await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
      );
      expect(as.code_challenge_methods_supported).toEqual(['S256']);
      const registered = await oauth.processDynamicClientRegistrationResponse(
        await oauth.dynamicClientRegistrationRequest(
          as,
          {
            redirect_uris: [REDIRECT_URI],
            token_endpoint_auth_method: 'none',
            client_name: 'oauth4webapi test app',
            grant_types: ['authorization_code', 'refresh_token'],
          },
          insecure,
        ),
      );
      const client: oauth.Client = { client_id: registered.client_id };
      const clientAuth = oauth.None();

      // Authorization with PKCE S256, answered by the member's browser (gateway consent, then LinkedIn's).
      const { tokens, code } = await authorize(as, client, clientAuth, 'posts:write connections:read');
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.scope).toBe('posts:write connections:read');

      // The token acts for the one connection the member's LinkedIn sign-in made, named in the token response.
      const connectionId = tokens['connection_id'] as string;
      expect(connectionId).toMatch(/^conn_/);
      const listing = await fetch(`${gatewayUrl}/v1/connections?tenantId=default`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(listing.status).toBe(401); // tenant-wide listing stays with API keys
      // token-keeper stores the connection from `token.issued`: it may take a moment to be readable.
      const view = await waitFor(async () => {
        const response = await fetch(`${gatewayUrl}/v1/connections/${connectionId}`, {
          headers: { authorization: `Bearer ${tokens.access_token}` },
        });
        return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
      });
      expect(view).toMatchObject({ connectionId, status: 'active' });

      const posted = await fetch(`${gatewayUrl}/v1/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          requestId: 'oauth-app-1',
          connectionId,
          text: 'Posted by an app (OAuth 2.1)',
        }),
      });
      expect(posted.status).toBe(202);
      const published = await waitFor(
        async () => {
          const { body } = await postStatus(gatewayUrl, tokens.access_token, 'oauth-app-1');
          return body['status'] === 'published' ? body : null;
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      const posts = (await (await fetch(`${emulator.url}/_emulator/posts`)).json()) as {
        urn: string;
        commentary: string;
      }[];
      const post = posts.find((p) => p.commentary === 'Posted by an app \\(OAuth 2.1\\)');
      expect(post?.urn).toBe(published['postUrn']);

      // Refresh rotates the refresh token.
      const rotated = await oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure),
      );
      expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
      expect((await postStatus(gatewayUrl, rotated.access_token, 'oauth-app-1')).status).toBe(200);

      // Reuse of the old refresh token: invalid_grant, and the rotated family is revoked with it.
      const reuse = await oauth
        .processRefreshTokenResponse(
          as,
          client,
          await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure),
        )
        .then(
          () => 'accepted',
          (error: unknown) => (error instanceof oauth.ResponseBodyError ? error.error : String(error)),
        );
      expect(reuse).toBe('invalid_grant');
      expect((await postStatus(gatewayUrl, rotated.access_token, 'oauth-app-1')).status).toBe(401);

      // A fresh authorization, then revocation (RFC 7009) ends it.
      const { tokens: second } = await authorize(as, client, clientAuth);
      expect((await postStatus(gatewayUrl, second.access_token, 'oauth-app-1')).status).toBe(200);
      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, client, clientAuth, second.refresh_token!, insecure),
      );
      expect((await postStatus(gatewayUrl, second.access_token, 'oauth-app-1')).status).toBe(401);

      // Nothing the authorization server issued was ever logged by any service.
      const logs = system().logs.join('\n');
      expect(logs).toContain('auth-gateway');
      for (const secret of [code, tokens.access_token, tokens.refresh_token!, rotated.refresh_token!]) {
        expect(logs).not.toContain(secret);
      }
    },
  );
});

/** One authorization: PKCE S256 and a random state, the browser's way through both consents, the code grant. */
async function authorize(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  clientAuth: oauth.ClientAuth,
  scope?: string,
) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    ...(scope ? { scope } : {}),
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  }).toString();
  const params = oauth.validateAuthResponse(as, client, await authorizeAsBrowser(url), state);
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      REDIRECT_URI,
      verifier,
      insecure,
    ),
  );
  return { tokens, code: params.get('code')! };
}
