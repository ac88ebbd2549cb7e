import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../config.ts';
import type { CallbackErrorCode } from '../http/errors.ts';
import { redirectWithResult } from './authorize.ts';
import type { Grants } from './grants.ts';
import type { AuthorizationRequest } from './records.ts';

/** How a failed connect is told to the OAuth client (RFC 6749 §4.1.2.1 codes). */
const OAUTH_ERROR_FOR: Record<CallbackErrorCode, { error: string; description: string }> = {
  missing_params: { error: 'access_denied', description: 'LinkedIn returned no authorization' },
  session_expired: {
    error: 'access_denied',
    description: 'the sign-in expired or was started in another browser',
  },
  authorization_denied: { error: 'access_denied', description: 'LinkedIn access was not granted' },
  token_exchange_failed: { error: 'temporarily_unavailable', description: 'LinkedIn could not be reached' },
  internal_error: { error: 'server_error', description: 'the authorization failed' },
};

/** The LinkedIn callback of an `/oauth/authorize` flow: a code for the client, or the reason on its redirect URI. */
export async function completeAuthorization(
  reply: FastifyReply,
  deps: { config: Pick<GatewayConfig, 'publicOrigin'>; oauth: { grants: Pick<Grants, 'issueCode'> } },
  request: AuthorizationRequest,
  outcome: { connectionId: string; tenantId: string } | { failure: CallbackErrorCode },
) {
  const issuer = deps.config.publicOrigin;
  if ('failure' in outcome) {
    const { error, description } = OAUTH_ERROR_FOR[outcome.failure];
    return redirectWithResult(reply, issuer, request.redirectUri, {
      error,
      error_description: description,
      state: request.state,
    });
  }
  const code = await deps.oauth.grants.issueCode({
    clientId: request.clientId,
    connectionId: outcome.connectionId,
    tenantId: outcome.tenantId,
    scope: request.scope,
    ...(request.resource !== undefined ? { resource: request.resource } : {}),
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
  });
  return redirectWithResult(reply, issuer, request.redirectUri, { code, state: request.state });
}
