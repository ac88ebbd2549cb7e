import type { FastifyInstance } from 'fastify';
import type { IdTokenSigner } from '../id-token.ts';
import { LinkedInError, OAUTH_TEXT, oauthError } from '../linkedin-errors.ts';
import { memberClaims } from '../member-claims.ts';
import { authenticateClient, formOf, required, scopeText, secondsLeft, type Form } from '../oauth-form.ts';
import type { EmulatorState } from '../state.ts';

export function registerOauthTokenRoutes(
  app: FastifyInstance,
  state: EmulatorState,
  signer: IdTokenSigner,
): void {
  function exchangeCode(form: Form): Record<string, unknown> {
    const code = required(form, 'code');
    const redirectUri = required(form, 'redirect_uri');
    const client = authenticateClient(state, form);
    const grant = state.grants.findCode(code);
    if (!grant) throw oauthError(400, 'invalid_request', OAUTH_TEXT.codeNotFound);
    const now = state.clock.now();
    if (grant.clientId !== client.clientId || grant.redirectUri !== redirectUri || now >= grant.expiresAt) {
      throw oauthError(400, 'invalid_redirect_uri', OAUTH_TEXT.codeMismatch);
    }
    state.grants.consumeCode(code);
    const member = state.directory.members.get(grant.sub);
    if (!member) throw oauthError(400, 'invalid_request', OAUTH_TEXT.codeNotFound);
    const subject = {
      clientId: client.clientId,
      sub: grant.sub,
      scopes: grant.scopes,
      authorizedAt: grant.issuedAt,
    };
    state.grants.revokeOtherScopeSets(subject);
    const access = state.grants.issueAccessToken(subject);
    const body: Record<string, unknown> = {
      access_token: access.token,
      expires_in: secondsLeft(access, now),
      scope: scopeText(grant.scopes),
      token_type: 'Bearer',
    };
    if (grant.scopes.includes('openid')) {
      body['id_token'] = signer.sign(memberClaims(member, grant.scopes), client.clientId, now);
    }
    if (client.refreshTokens) {
      const refresh = state.grants.issueRefreshToken(subject);
      body['refresh_token'] = refresh.token;
      body['refresh_token_expires_in'] = secondsLeft(refresh, now);
    }
    return body;
  }

  function refresh(form: Form): Record<string, unknown> {
    const refreshToken = required(form, 'refresh_token');
    const client = authenticateClient(state, form);
    const grant = state.grants.findRefreshToken(refreshToken);
    if (!grant || grant.clientId !== client.clientId || state.grants.statusOf(grant) !== 'active') {
      throw oauthError(400, 'invalid_request', OAUTH_TEXT.badRefreshToken);
    }
    const now = state.clock.now();
    const access = state.grants.issueAccessToken({
      clientId: grant.clientId,
      sub: grant.sub,
      scopes: grant.scopes,
      authorizedAt: grant.authorizedAt,
    });
    return {
      access_token: access.token,
      expires_in: secondsLeft(access, now),
      refresh_token: grant.token,
      refresh_token_expires_in: secondsLeft(grant, now),
      scope: scopeText(grant.scopes),
    };
  }

  app.post('/oauth/v2/accessToken', async (request, reply) => {
    const form = formOf(request);
    const grantType = required(form, 'grant_type');
    if (grantType === 'authorization_code') return reply.send(exchangeCode(form));
    if (grantType === 'refresh_token') return reply.send(refresh(form));
    throw new LinkedInError(400, 'unsupported_grant_type', {
      error: 'unsupported_grant_type',
      error_description: `The grant type "${grantType}" is not supported`,
    });
  });
}
