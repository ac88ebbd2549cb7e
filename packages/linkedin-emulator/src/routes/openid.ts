import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ISSUER, type IdTokenSigner } from '../id-token.ts';

/** The emulator's own origin as the client reached it, so discovery links point back here. */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** OIDC discovery and JWKS, so clients can verify the emulator's RS256 id_tokens. */
export function registerOpenIdRoutes(app: FastifyInstance, signer: IdTokenSigner): void {
  app.get('/oauth/.well-known/openid-configuration', async (request) => {
    const origin = originOf(request);
    return {
      issuer: ISSUER,
      authorization_endpoint: `${origin}/oauth/v2/authorization`,
      token_endpoint: `${origin}/oauth/v2/accessToken`,
      userinfo_endpoint: `${origin}/v2/userinfo`,
      jwks_uri: `${origin}/oauth/openid/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email'],
      claims_supported: [
        'iss',
        'aud',
        'iat',
        'exp',
        'sub',
        'name',
        'given_name',
        'family_name',
        'picture',
        'email',
        'email_verified',
        'locale',
      ],
    };
  });

  app.get('/oauth/openid/jwks', async () => signer.jwks());
}
