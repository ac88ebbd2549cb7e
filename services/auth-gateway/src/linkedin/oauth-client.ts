import { request } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LinkedInApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authBase: string;
  apiBase: string;
  timeoutMs: number;
}

export interface TokenGrant {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
  refreshTokenExpiresInSeconds?: number;
  scopes: string[];
  /** OpenID Connect id_token (with the `openid` scope): the member's claims, read without calling LinkedIn again. */
  idToken?: string;
}

export interface UserInfo {
  sub: string;
  name: string;
  email?: string;
  picture?: string;
}

/** A LinkedIn answer we could not use: status and LinkedIn's own error code, never the body's secrets. */
export class LinkedInOAuthError extends Error {
  readonly status: number;
  readonly linkedinError: string | undefined;
  constructor(message: string, status: number, linkedinError?: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'LinkedInOAuthError';
    this.status = status;
    this.linkedinError = linkedinError;
  }
}

/** LinkedIn documents scopes as space-separated but returns them comma-separated: accept both. */
export function parseScopes(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(/[\s,]+/).filter(Boolean) : [];
}

export function authorizationUrl(app: LinkedInApp, state: string, scopes: string[]): string {
  const url = new URL('/oauth/v2/authorization', app.authBase);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    state,
    scope: scopes.join(' '),
  }).toString();
  return url.toString();
}

async function tokenRequest(app: LinkedInApp, form: Record<string, string>): Promise<TokenGrant> {
  const response = await request(new URL('/oauth/v2/accessToken', app.authBase), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      ...form,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    }).toString(),
    headersTimeout: app.timeoutMs,
    bodyTimeout: app.timeoutMs,
  });
  const body = (await response.body.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.statusCode !== 200 || typeof body['access_token'] !== 'string') {
    const error = typeof body['error'] === 'string' ? body['error'] : undefined;
    throw new LinkedInOAuthError(
      `token endpoint answered ${response.statusCode}`,
      response.statusCode,
      error,
    );
  }
  const refresh = body['refresh_token'];
  const idToken = body['id_token'];
  return {
    accessToken: body['access_token'],
    expiresInSeconds: Number(body['expires_in'] ?? 0),
    ...(typeof refresh === 'string' && refresh !== ''
      ? { refreshToken: refresh, refreshTokenExpiresInSeconds: Number(body['refresh_token_expires_in'] ?? 0) }
      : {}),
    scopes: parseScopes(body['scope']),
    ...(typeof idToken === 'string' && idToken !== '' ? { idToken } : {}),
  };
}

export function exchangeCode(app: LinkedInApp, code: string): Promise<TokenGrant> {
  return tokenRequest(app, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri });
}

/** Revokes a token at LinkedIn (`/oauth/v2/revoke`, undocumented but answered); throws on a non-2xx answer. */
export async function revokeToken(app: LinkedInApp, token: string): Promise<void> {
  const response = await request(new URL('/oauth/v2/revoke', app.authBase), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret, token }).toString(),
    headersTimeout: app.timeoutMs,
    bodyTimeout: app.timeoutMs,
  });
  await response.body.dump();
  if (response.statusCode >= 300) {
    throw new LinkedInOAuthError(`revoke answered ${response.statusCode}`, response.statusCode);
  }
}

export function refreshGrant(app: LinkedInApp, refreshToken: string): Promise<TokenGrant> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/**
 * Reads the member. Right after login LinkedIn sometimes answers 401 REVOKED_ACCESS_TOKEN (65601) for a few
 * seconds; that answer is retried with a short backoff.
 */
export async function fetchUserInfo(app: LinkedInApp, accessToken: string, retries = 3): Promise<UserInfo> {
  for (let attempt = 0; ; attempt++) {
    const response = await request(new URL('/v2/userinfo', app.apiBase), {
      headers: { authorization: `Bearer ${accessToken}` },
      headersTimeout: app.timeoutMs,
      bodyTimeout: app.timeoutMs,
    });
    const body = (await response.body.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.statusCode === 200 && typeof body['sub'] === 'string') {
      return {
        sub: body['sub'],
        name: typeof body['name'] === 'string' ? body['name'] : '',
        ...(typeof body['email'] === 'string' ? { email: body['email'] } : {}),
        ...(typeof body['picture'] === 'string' ? { picture: body['picture'] } : {}),
      };
    }
    const transient = response.statusCode === 401 && body['serviceErrorCode'] === 65601;
    if (!transient || attempt >= retries) {
      const code = typeof body['code'] === 'string' ? body['code'] : undefined;
      throw new LinkedInOAuthError(`userinfo answered ${response.statusCode}`, response.statusCode, code);
    }
    await sleep(250 * 2 ** attempt);
  }
}
