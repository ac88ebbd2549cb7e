import { createHash, randomBytes } from 'node:crypto';
import { authorizeAsBrowser } from './oauth-browser.ts';

const REDIRECT_URI = 'http://127.0.0.1:53690/hygiene-callback';

/** What a third-party OAuth flow through the gateway handled: its one-time values and its tokens. */
export interface OAuthClientFlow {
  state: string;
  code: string;
  codeVerifier: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * A public client's whole OAuth 2.1 flow against the gateway (open registration): registration, PKCE
 * authorization with a `state`, the member's consent (gateway and LinkedIn), the code redeemed for tokens.
 */
export async function runOAuthClientFlow(gatewayUrl: string): Promise<OAuthClientFlow> {
  const registered = await fetch(`${gatewayUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      client_name: 'Hygiene client',
    }),
  });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  const { client_id: clientId } = (await registered.json()) as { client_id: string };
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(24).toString('base64url');
  const authorize = new URL('/oauth/authorize', gatewayUrl);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }))
    authorize.searchParams.set(key, value);
  const landed = await authorizeAsBrowser(authorize);
  const code = landed.searchParams.get('code');
  if (!code || landed.searchParams.get('state') !== state) throw new Error(`no code: ${landed.toString()}`);
  const token = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: codeVerifier,
      client_id: clientId,
    }).toString(),
  });
  if (token.status !== 200) throw new Error(`token answered ${token.status}`);
  const tokens = (await token.json()) as { access_token: string; refresh_token: string };
  return { state, code, codeVerifier, accessToken: tokens.access_token, refreshToken: tokens.refresh_token };
}
