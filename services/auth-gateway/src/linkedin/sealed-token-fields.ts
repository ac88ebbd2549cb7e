import type { Keyring } from '@li-bus/sealing';
import type { TokenGrant } from './oauth-client.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The token fields of `token.issued` / `token.refreshed`; a missing or empty refresh token is left out. */
export function sealedTokenFields(
  deps: { keyring: Pick<Keyring, 'seal'> },
  connectionId: string,
  grant: TokenGrant,
  at: number,
) {
  return {
    accessToken: deps.keyring.seal(grant.accessToken, connectionId),
    accessTokenExpiresAt: iso(at + grant.expiresInSeconds * 1000),
    ...(grant.refreshToken
      ? {
          refreshToken: deps.keyring.seal(grant.refreshToken, connectionId),
          refreshTokenExpiresAt: iso(at + (grant.refreshTokenExpiresInSeconds ?? 0) * 1000),
        }
      : {}),
  };
}
