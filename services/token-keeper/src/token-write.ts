import type { TokenIssued } from '@li-bus/contracts';

/** The access-token part of a record, stored as one JSON value. */
export type TokenPart = Pick<
  TokenIssued,
  | 'connectionId'
  | 'tenantId'
  | 'member'
  | 'organizations'
  | 'scopes'
  | 'accessToken'
  | 'accessTokenExpiresAt'
  | 'issuedAt'
>;

export type TokenEventKind = 'issued' | 'refreshed';

/** One token event, ready for the store's atomic merge. */
export interface TokenWrite {
  kind: TokenEventKind;
  /** The event's `issuedAt` in ms: the version of every part it writes. */
  version: number;
  part: TokenPart;
  accessExpiresAtMs: number;
  refreshToken?: string;
  refreshExpiresAtMs?: number;
}

/** LinkedIn's refresh tokens live 365 days from consent; used when an event does not say. */
export const REFRESH_TOKEN_LIFETIME_MS = 365 * 24 * 3600_000;

export function tokenWriteOf(event: TokenIssued, kind: TokenEventKind): TokenWrite {
  const version = Date.parse(event.issuedAt);
  const refreshExpiresAtMs = event.refreshTokenExpiresAt
    ? Date.parse(event.refreshTokenExpiresAt)
    : version + REFRESH_TOKEN_LIFETIME_MS;
  return {
    kind,
    version,
    part: {
      connectionId: event.connectionId,
      tenantId: event.tenantId,
      member: event.member,
      organizations: event.organizations,
      scopes: event.scopes,
      accessToken: event.accessToken,
      accessTokenExpiresAt: event.accessTokenExpiresAt,
      issuedAt: event.issuedAt,
    },
    accessExpiresAtMs: Date.parse(event.accessTokenExpiresAt),
    ...(event.refreshToken ? { refreshToken: event.refreshToken, refreshExpiresAtMs } : {}),
  };
}
