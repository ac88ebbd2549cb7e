import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { GatewayHarness } from './harness.ts';

/** What a registered test client knows about itself. */
export interface TestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export const CLIENT_REDIRECT = 'https://agent.example.test/oauth/callback';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function register(
  h: GatewayHarness,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return h.app.inject({
    method: 'POST',
    url: '/oauth/register',
    headers,
    payload: {
      redirect_uris: [CLIENT_REDIRECT],
      token_endpoint_auth_method: 'none',
      client_name: 'Test agent',
      ...body,
    },
  });
}

export async function registeredClient(
  h: GatewayHarness,
  body: Record<string, unknown> = {},
): Promise<TestClient> {
  const response = await register(h, body);
  if (response.statusCode !== 201)
    throw new Error(`register answered ${response.statusCode}: ${response.body}`);
  return response.json<TestClient>();
}

export function authorizePath(client: TestClient, params: Record<string, string | undefined>): string {
  const url = new URL('/oauth/authorize', 'http://gateway.test');
  const defaults = {
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: client.redirect_uris[0],
    state: 'state-123',
    code_challenge_method: 'S256',
  };
  for (const [key, value] of Object.entries({ ...defaults, ...params })) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return `${url.pathname}${url.search}`;
}

/** The consent page's hidden request id and the browser cookie that goes with it. */
export function consentForm(response: LightMyRequestResponse): { request: string; cookie: string } {
  const request = /name="request" value="([^"]+)"/.exec(response.body)?.[1];
  const cookie = response.cookies.find((c) => c.name === 'oauth_consent');
  if (!request || !cookie)
    throw new Error(`no consent form (${response.statusCode}): ${response.body.slice(0, 300)}`);
  return { request, cookie: `${cookie.name}=${cookie.value}` };
}

export function postConsent(h: GatewayHarness, form: { request: string; cookie?: string }, decision: string) {
  return h.app.inject({
    method: 'POST',
    url: '/oauth/authorize',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(form.cookie ? { cookie: form.cookie } : {}),
    },
    payload: new URLSearchParams({ request: form.request, decision }).toString(),
  });
}

/**
 * The browser's whole way: the consent page, Allow (straight to LinkedIn), LinkedIn's consent (emulator) and the
 * callback. Returns where
 * the gateway finally sent the browser (the client's redirect URI with `code` or `error`).
 */
export async function authorizeThroughLinkedIn(
  h: GatewayHarness,
  client: TestClient,
  params: Record<string, string | undefined>,
  linkedinDecision: 'allow' | 'cancel' = 'allow',
): Promise<URL> {
  const page = await h.app.inject({ method: 'GET', url: authorizePath(client, params) });
  const allowed = await postConsent(h, consentForm(page), 'allow-member');
  if (allowed.statusCode !== 303) throw new Error(`consent answered ${allowed.statusCode}: ${allowed.body}`);
  // The consent POST goes straight to LinkedIn, binding the flow to this browser's `li_connect` cookie.
  const consentUrl = new URL(String(allowed.headers.location));
  const connect = allowed.cookies.find((c) => c.name === 'li_connect');
  if (!connect) throw new Error('the consent POST set no li_connect cookie');
  const cookie = `${connect.name}=${connect.value}`;
  const callbackUrl = await h.consent(consentUrl, linkedinDecision);
  const { status, location } = await h.callback(callbackUrl, cookie);
  if (status !== 302) throw new Error(`callback answered ${status}`);
  return location;
}

export function tokenRequest(
  h: GatewayHarness,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return h.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(form).toString(),
  });
}

/** The authorization_code grant as the client would send it (public, or `client_secret_post` when it has one). */
export function redeem(h: GatewayHarness, client: TestClient, code: string, verifier: string) {
  return tokenRequest(h, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirect_uris[0]!,
    code_verifier: verifier,
    client_id: client.client_id,
    ...(client.client_secret ? { client_secret: client.client_secret } : {}),
  });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/** Authorizes (PKCE) and redeems the code; returns the tokens and the code (for reuse tests). */
export async function authorizedTokens(
  h: GatewayHarness,
  client: TestClient,
  params: Record<string, string | undefined> = {},
): Promise<{ tokens: Tokens; code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const landed = await authorizeThroughLinkedIn(h, client, { code_challenge: challenge, ...params });
  const code = landed.searchParams.get('code');
  if (!code) throw new Error(`no code: ${landed.toString()}`);
  const response = await redeem(h, client, code, verifier);
  if (response.statusCode !== 200) throw new Error(`token answered ${response.statusCode}: ${response.body}`);
  return { tokens: response.json<Tokens>(), code, verifier };
}
