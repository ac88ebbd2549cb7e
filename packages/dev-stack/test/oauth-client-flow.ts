import { createHash, randomBytes } from 'node:crypto';
import { authorizeAsBrowser } from './oauth-browser.ts';

export const CLIENT_REDIRECT_URI = 'http://127.0.0.1:53690/callback';

/** What a third-party OAuth flow through the gateway handled: its one-time values and its tokens. */
export interface OAuthClientFlow {
  clientId: string;
  state: string;
  code: string;
  codeVerifier: string;
  accessToken: string;
  refreshToken: string;
  connectionId: string;
}

/**
 * Registers a public client; `apiKey` is the initial access token of protected registration. The answer, for
 * tests of registration itself.
 */
export function registerClient(
  gatewayUrl: string,
  metadata: Record<string, unknown> = {},
  apiKey?: string,
): Promise<Response> {
  return fetch(`${gatewayUrl}/oauth/register`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    },
    body: JSON.stringify({
      redirect_uris: [CLIENT_REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      client_name: 'test client',
      ...metadata,
    }),
  });
}

/** A registered public client's id. */
export async function registerPublicClient(gatewayUrl: string, apiKey?: string): Promise<string> {
  const registered = await registerClient(gatewayUrl, {}, apiKey);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  return ((await registered.json()) as { client_id: string }).client_id;
}

/** `/oauth/authorize` for `clientId` with PKCE S256 over `codeVerifier` and `state`. */
export function authorizeUrl(gatewayUrl: string, clientId: string, codeVerifier: string, state: string): URL {
  const url = new URL('/oauth/authorize', gatewayUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CLIENT_REDIRECT_URI,
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return url;
}

/** The member's consent (gateway and LinkedIn) for `clientId`, then the code redeemed for tokens. */
export async function authorizeClient(gatewayUrl: string, clientId: string): Promise<OAuthClientFlow> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(24).toString('base64url');
  const landed = await authorizeAsBrowser(authorizeUrl(gatewayUrl, clientId, codeVerifier, state));
  const code = landed.searchParams.get('code');
  if (!code || landed.searchParams.get('state') !== state) throw new Error(`no code: ${landed.toString()}`);
  const token = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLIENT_REDIRECT_URI,
      code_verifier: codeVerifier,
      client_id: clientId,
    }).toString(),
  });
  if (token.status !== 200) throw new Error(`token answered ${token.status}`);
  const tokens = (await token.json()) as {
    access_token: string;
    refresh_token: string;
    connection_id: string;
  };
  return {
    clientId,
    state,
    code,
    codeVerifier,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    connectionId: tokens.connection_id,
  };
}

/**
 * A public client's whole OAuth 2.1 flow against the gateway (open registration): registration, PKCE
 * authorization with a `state`, the member's consent (gateway and LinkedIn), the code redeemed for tokens.
 */
export async function runOAuthClientFlow(gatewayUrl: string): Promise<OAuthClientFlow> {
  return authorizeClient(gatewayUrl, await registerPublicClient(gatewayUrl));
}
