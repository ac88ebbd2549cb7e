import type { InjectOptions } from 'fastify';
import { authorizeUrl, restHeaders } from '../helpers.ts';

export const CLIENT = { client_id: 'emulator-client-id', client_secret: 'emulator-client-secret' };

export const authorize = (params: Record<string, string> = {}): InjectOptions => ({
  method: 'GET',
  url: authorizeUrl(params),
});

/** A form-encoded POST to an OAuth endpoint. */
export const form = (path: string, fields: Record<string, string>): InjectOptions => ({
  method: 'POST',
  url: path,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

export const userinfo = (authorization?: string): InjectOptions => ({
  method: 'GET',
  url: '/v2/userinfo',
  headers: authorization === undefined ? {} : { authorization },
});

export const bearer = (token: string): string => `Bearer ${token}`;

/** A versioned `/rest/*` call with the three required headers. */
export function rest(
  method: 'GET' | 'POST' | 'DELETE' | 'PUT',
  url: string,
  token: string,
  payload?: unknown,
  extra: Record<string, string> = {},
): InjectOptions {
  return {
    method,
    url,
    headers: restHeaders(token, extra),
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  };
}

export const enc = (urn: string): string => encodeURIComponent(urn);

export const ACCESS_DENIED = (resource: string) => ({
  status: 403,
  serviceErrorCode: 100,
  code: 'ACCESS_DENIED',
  message: `Not enough permissions to access: ${resource}`,
});

export const REVOKED = {
  status: 401,
  serviceErrorCode: 65601,
  code: 'REVOKED_ACCESS_TOKEN',
  message: 'The token used in the request has been revoked by the user',
};

export const CODE_MISMATCH =
  'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists';
export const BAD_REFRESH = 'The provided authorization grant or refresh token is invalid, expired or revoked';
