import type { Clock } from './clock.ts';
import { newAccessToken, newAuthorizationCode, newRefreshToken } from './ids.ts';

export const CODE_TTL_SECONDS = 30 * 60;
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 24 * 60 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 365 * 24 * 60 * 60;

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  sub: string;
  scopes: string[];
  /** The moment the member consented. */
  issuedAt: number;
  expiresAt: number;
}

export interface IssuedToken {
  token: string;
  clientId: string;
  sub: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  revoked: boolean;
  /** When the member consented (a refreshed access token keeps its grant's time). */
  authorizedAt: number;
}

export interface GrantSubject {
  clientId: string;
  sub: string;
  scopes: string[];
  /** Defaults to now; the refresh grant passes the original consent time. */
  authorizedAt?: number | undefined;
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Authorization codes, access tokens and refresh tokens, all timed by the emulated clock. */
export interface GrantStore {
  issueCode(grant: Omit<AuthorizationCode, 'code' | 'issuedAt' | 'expiresAt'>): AuthorizationCode;
  findCode(code: string): AuthorizationCode | undefined;
  consumeCode(code: string): void;
  issueAccessToken(grant: GrantSubject): IssuedToken;
  issueRefreshToken(grant: GrantSubject): IssuedToken;
  findAccessToken(token: string): IssuedToken | undefined;
  findRefreshToken(token: string): IssuedToken | undefined;
  statusOf(token: IssuedToken): TokenStatus;
  /** Requesting a different scope set invalidates the member's other tokens for the app. */
  revokeOtherScopeSets(grant: GrantSubject): void;
  /** An active access token for the same member, app and scope set: consent is skipped. */
  hasActiveGrant(grant: GrantSubject): boolean;
  /** The member removed the app (Settings, Permitted services): every token of theirs for it. */
  revokeMember(clientId: string, sub: string): number;
  /** `/oauth/v2/revoke`: one access token, or a refresh token and the access tokens of its grant. */
  revokeToken(clientId: string, token: string): void;
  clear(): void;
}

export function sameScopeSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((scope) => right.has(scope));
}

/** Makes the codes and tokens handed out; tests that scan for leaked secrets supply their own generated values. */
export interface SecretValues {
  authorizationCode(): string;
  accessToken(): string;
  refreshToken(): string;
}

const RANDOM_SECRET_VALUES: SecretValues = {
  authorizationCode: newAuthorizationCode,
  accessToken: newAccessToken,
  refreshToken: newRefreshToken,
};

export function createGrantStore(clock: Clock, secretValues: Partial<SecretValues> = {}): GrantStore {
  const values = { ...RANDOM_SECRET_VALUES, ...secretValues };
  const codes = new Map<string, AuthorizationCode>();
  const accessTokens = new Map<string, IssuedToken>();
  const refreshTokens = new Map<string, IssuedToken>();

  function issue(
    into: Map<string, IssuedToken>,
    token: string,
    ttlSeconds: number,
    grant: GrantSubject,
  ): IssuedToken {
    const createdAt = clock.now();
    const record = {
      token,
      clientId: grant.clientId,
      sub: grant.sub,
      scopes: [...grant.scopes],
      createdAt,
      expiresAt: createdAt + ttlSeconds * 1000,
      revoked: false,
      authorizedAt: grant.authorizedAt ?? createdAt,
    };
    into.set(token, record);
    return record;
  }

  function* tokensOf(clientId: string, sub: string): Generator<IssuedToken> {
    for (const store of [accessTokens, refreshTokens]) {
      for (const token of store.values()) if (token.clientId === clientId && token.sub === sub) yield token;
    }
  }

  return {
    issueCode(grant) {
      const issuedAt = clock.now();
      const record = {
        ...grant,
        code: values.authorizationCode(),
        issuedAt,
        expiresAt: issuedAt + CODE_TTL_SECONDS * 1000,
      };
      codes.set(record.code, record);
      return record;
    },
    findCode: (code) => codes.get(code),
    consumeCode(code) {
      codes.delete(code);
    },
    issueAccessToken: (grant) => issue(accessTokens, values.accessToken(), ACCESS_TOKEN_TTL_SECONDS, grant),
    issueRefreshToken: (grant) =>
      issue(refreshTokens, values.refreshToken(), REFRESH_TOKEN_TTL_SECONDS, grant),
    findAccessToken: (token) => accessTokens.get(token),
    findRefreshToken: (token) => refreshTokens.get(token),
    statusOf(token) {
      if (token.revoked) return 'revoked';
      return clock.now() >= token.expiresAt ? 'expired' : 'active';
    },
    revokeOtherScopeSets(grant) {
      for (const token of tokensOf(grant.clientId, grant.sub)) {
        if (!sameScopeSet(token.scopes, grant.scopes)) token.revoked = true;
      }
    },
    hasActiveGrant(grant) {
      const now = clock.now();
      for (const token of accessTokens.values()) {
        if (token.clientId !== grant.clientId || token.sub !== grant.sub || token.revoked) continue;
        if (now < token.expiresAt && sameScopeSet(token.scopes, grant.scopes)) return true;
      }
      return false;
    },
    revokeMember(clientId, sub) {
      let count = 0;
      for (const token of tokensOf(clientId, sub)) {
        if (!token.revoked) count += 1;
        token.revoked = true;
      }
      return count;
    },
    revokeToken(clientId, value) {
      const access = accessTokens.get(value);
      if (access?.clientId === clientId) access.revoked = true;
      const refresh = refreshTokens.get(value);
      if (refresh?.clientId !== clientId) return;
      refresh.revoked = true;
      for (const token of accessTokens.values()) {
        if (
          token.clientId === clientId &&
          token.sub === refresh.sub &&
          sameScopeSet(token.scopes, refresh.scopes)
        ) {
          token.revoked = true;
        }
      }
    },
    clear() {
      codes.clear();
      accessTokens.clear();
      refreshTokens.clear();
    },
  };
}
