import type { FastifyInstance } from 'fastify';
import { authenticateBearer } from '../bearer-auth.ts';
import { accessDenied, LinkedInError, revokedAccessToken } from '../linkedin-errors.ts';
import { memberClaims } from '../member-claims.ts';
import type { EmulatorState } from '../state.ts';

const LEGACY_PROFILE_SCOPES = ['r_liteprofile', 'r_basicprofile'];

/** `GET /v2/userinfo` (OIDC) and the legacy `GET /v2/me`; unversioned, so no LinkedIn-Version is needed. */
export function registerUserinfoRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/v2/userinfo', async (request) => {
    const { token, member } = authenticateBearer(state, request.headers.authorization);
    // Reference §4.1: for a few seconds after login userinfo may answer 65601 (opt-in via app settings).
    if (state.clock.now() - token.createdAt < state.app.transientRevokedSeconds * 1000) {
      throw revokedAccessToken();
    }
    if (!token.scopes.includes('openid')) throw accessDenied('userinfo.GET.NO_VERSION');
    return memberClaims(member, token.scopes);
  });

  app.get('/v2/me', async (request) => {
    const { token, member } = authenticateBearer(state, request.headers.authorization);
    if (!token.scopes.some((scope) => LEGACY_PROFILE_SCOPES.includes(scope))) {
      throw new LinkedInError(403, 'ACCESS_DENIED', {
        serviceErrorCode: 100,
        message: 'Not enough permissions to access: me.GET.NO_VERSION',
        status: 403,
      });
    }
    const localized = (value: string) => ({
      localized: { en_US: value },
      preferredLocale: { country: 'US', language: 'en' },
    });
    return {
      id: member.sub,
      firstName: localized(member.givenName),
      lastName: localized(member.familyName),
      localizedFirstName: member.givenName,
      localizedLastName: member.familyName,
      profilePicture: { displayImage: `urn:li:digitalmediaAsset:${member.sub}` },
    };
  });
}
