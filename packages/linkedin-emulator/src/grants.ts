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
  /**
   * Tokens by app and member, then by scope set: an exchange looks at the member's own grants only (scanning
   * every token issued made the exchange slower with each connect flow, thousands of them in a benchmark).
   */
  type Group = { access: IssuedToken[]; refresh: IssuedToken[] };
  const grantsOf = new Map<string, Map<string, Group>>();
  const scopeKey = (scopes: readonly string[]) => [...new Set(scopes)].sort().join(' ');

  function groupsOf(clientId: string, sub: string) {
    const key = `${clientId}\n${sub}`;
    let groups = grantsOf.get(key);
    if (!groups) grantsOf.set(key, (groups = new Map<string, Group>()));
    return groups;
  }

  function issue(
    kind: 'access' | 'refresh',
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
    (kind === 'access' ? accessTokens : refreshTokens).set(token, record);
    const groups = groupsOf(grant.clientId, grant.sub);
    const key = scopeKey(grant.scopes);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { access: [], refresh: [] }));
    group[kind].push(record);
    return record;
  }

  function* tokensOf(clientId: string, sub: string): Generator<IssuedToken> {
    for (const group of groupsOf(clientId, sub).values()) yield* [...group.access, ...group.refresh];
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
    issueAccessToken: (grant) => issue('access', values.accessToken(), ACCESS_TOKEN_TTL_SECONDS, grant),
    issueRefreshToken: (grant) => issue('refresh', values.refreshToken(), REFRESH_TOKEN_TTL_SECONDS, grant),
    findAccessToken: (token) => accessTokens.get(token),
    findRefreshToken: (token) => refreshTokens.get(token),
    statusOf(token) {
      if (token.revoked) return 'revoked';
      return clock.now() >= token.expiresAt ? 'expired' : 'active';
    },
    revokeOtherScopeSets(grant) {
      const groups = groupsOf(grant.clientId, grant.sub);
      const keep = scopeKey(grant.scopes);
      for (const [key, group] of groups) {
        if (key === keep) continue;
        for (const token of [...group.access, ...group.refresh]) token.revoked = true;
        groups.delete(key);
      }
    },
    hasActiveGrant(grant) {
      const now = clock.now();
      const group = groupsOf(grant.clientId, grant.sub).get(scopeKey(grant.scopes));
      return Boolean(group?.access.some((token) => !token.revoked && now < token.expiresAt));
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
      const group = groupsOf(clientId, refresh.sub).get(scopeKey(refresh.scopes));
      for (const token of group?.access ?? []) token.revoked = true;
    },
    clear() {
      codes.clear();
      accessTokens.clear();
      refreshTokens.clear();
      grantsOf.clear();
    },
  };
}
