import type { FastifyInstance } from 'fastify';
import type { IssuedToken } from '../grants.ts';
import { OAUTH_TEXT, oauthError } from '../linkedin-errors.ts';
import { authenticateClient, epochSeconds, formOf, required, scopeText } from '../oauth-form.ts';
import type { EmulatorState } from '../state.ts';

/** The introspection body (reference §3.1); expired and revoked tokens keep their fields with `active: false`. */
function describe(state: EmulatorState, token: IssuedToken): Record<string, unknown> {
  const status = state.grants.statusOf(token);
  return {
    active: status === 'active',
    client_id: token.clientId,
    authorized_at: epochSeconds(token.authorizedAt),
    created_at: epochSeconds(token.createdAt),
    status,
    expires_at: epochSeconds(token.expiresAt),
    scope: scopeText(token.scopes),
    auth_type: '3L',
  };
}

/** `POST /oauth/v2/introspectToken` and the undocumented `POST /oauth/v2/revoke`. */
export function registerOauthIntrospectionRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post('/oauth/v2/introspectToken', async (request) => {
    const form = formOf(request);
    const clientId = required(form, 'client_id');
    const clientSecret = required(form, 'client_secret');
    const value = required(form, 'token');
    const client = state.findApp(clientId);
    if (!client) throw oauthError(400, 'invalid_request', OAUTH_TEXT.invalidClientId);
    if (client.clientSecret !== clientSecret) {
      throw oauthError(401, 'invalid_client', OAUTH_TEXT.clientAuthFailed);
    }
    const token = state.grants.findAccessToken(value) ?? state.grants.findRefreshToken(value);
    if (!token) throw oauthError(400, 'invalid_request', OAUTH_TEXT.invalidToken);
    if (token.clientId !== client.clientId) return { active: false };
    return describe(state, token);
  });

  app.post('/oauth/v2/revoke', async (request, reply) => {
    const form = formOf(request);
    const client = authenticateClient(state, form);
    state.grants.revokeToken(client.clientId, required(form, 'token'));
    return reply.code(200).send();
  });
}
