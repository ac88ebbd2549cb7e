import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildEmulator } from '../src/index.ts';
import type { EmulatorOptions, EmulatorState } from '../src/index.ts';
import { textPostBody } from '../src/text-post-body.ts';

/** A fixed emulated "now" so version windows and expiries are deterministic: 2026-11-23T12:00:00Z. */
export const FIXED_NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
/** Confirmed active on FIXED_NOW (reference §9.6; 202610 and later are not released). */
export const ACTIVE_VERSION = '202609';
export const REDIRECT_URI = 'http://localhost:8080/oauth/linkedin/callback';
export const ALL_SCOPES = 'openid profile email w_member_social w_organization_social';

export interface TestEmulator {
  app: FastifyInstance;
  state: EmulatorState;
}

export function setup(options: EmulatorOptions = {}): TestEmulator {
  return buildEmulator({ now: () => FIXED_NOW, ...options });
}

export function authorizeUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'emulator-client-id',
    redirect_uri: REDIRECT_URI,
    scope: ALL_SCOPES,
    state: 'st-1',
    ...params,
  });
  return `/oauth/v2/authorization?${query.toString()}`;
}

/** Runs the consent step with `emulator_decision=allow` and returns the code from the redirect. */
export async function getCode(app: FastifyInstance, params: Record<string, string> = {}): Promise<string> {
  const res = await app.inject({
    method: 'GET',
    url: authorizeUrl({ emulator_decision: 'allow', ...params }),
  });
  const code = new URL(String(res.headers.location)).searchParams.get('code');
  if (res.statusCode !== 302 || !code) throw new Error(`authorization failed: ${res.statusCode} ${res.body}`);
  return code;
}

export function exchange(
  app: FastifyInstance,
  fields: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth/v2/accessToken',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

export function codeFields(code: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code,
    client_id: 'emulator-client-id',
    client_secret: 'emulator-client-secret',
    redirect_uri: REDIRECT_URI,
  };
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type?: string;
  id_token?: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

export async function getTokens(
  app: FastifyInstance,
  params: Record<string, string> = {},
): Promise<TokenResponse> {
  const res = await exchange(app, codeFields(await getCode(app, params)));
  if (res.statusCode !== 200) throw new Error(`token exchange failed: ${res.statusCode} ${res.body}`);
  return res.json<TokenResponse>();
}

export async function getToken(app: FastifyInstance, scope = ALL_SCOPES, member?: string): Promise<string> {
  const tokens = await getTokens(app, member === undefined ? { scope } : { scope, emulator_member: member });
  return tokens.access_token;
}

export function restHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    'linkedin-version': ACTIVE_VERSION,
    'x-restli-protocol-version': '2.0.0',
    'content-type': 'application/json',
    ...extra,
  };
}

/** A public text post body (the emulator's own `textPostBody`). */
export const postBody = textPostBody;

export function memberUrn(state: EmulatorState): string {
  return `urn:li:person:${state.defaultMember.sub}`;
}
