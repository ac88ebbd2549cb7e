import type { FastifyRequest } from 'fastify';
import type { IssuedToken } from './grants.ts';
import { missingParameter, OAUTH_TEXT, oauthError } from './linkedin-errors.ts';
import { readParam } from './params.ts';
import type { AppSettings } from './settings.ts';
import type { EmulatorState } from './state.ts';

export type Form = Record<string, unknown>;

/** LinkedIn's OAuth endpoints read form fields only; any other body counts as no fields at all. */
export function formOf(request: FastifyRequest): Form {
  const type = request.headers['content-type'] ?? '';
  const isForm = type.toLowerCase().startsWith('application/x-www-form-urlencoded');
  return isForm && typeof request.body === 'object' && request.body !== null ? (request.body as Form) : {};
}

export function required(form: Form, name: string): string {
  const value = readParam(form, name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** `client_id` and `client_secret` from the form; 401 `invalid_client` for an unknown app or wrong secret. */
export function authenticateClient(state: EmulatorState, form: Form): AppSettings {
  const clientId = required(form, 'client_id');
  const clientSecret = required(form, 'client_secret');
  const app = state.findApp(clientId);
  if (!app || app.clientSecret !== clientSecret) {
    throw oauthError(401, 'invalid_client', OAUTH_TEXT.clientAuthFailed);
  }
  return app;
}

export const secondsLeft = (token: IssuedToken, now: number): number =>
  Math.max(0, Math.floor((token.expiresAt - now) / 1000));

/** Scopes come back comma-separated and sorted, like field captures (`email,openid,profile`). */
export const scopeText = (scopes: readonly string[]): string => [...scopes].sort().join(',');

export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
