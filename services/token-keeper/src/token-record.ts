import type { ConnectionStatus, Member, Organization, TokenIssued } from '@li-bus/contracts';

/** What token-keeper stores per connection. Tokens stay sealed; `version` only grows. */
export interface TokenRecord {
  connectionId: string;
  tenantId: string;
  member: Member;
  organizations: Organization[];
  scopes: string[];
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
  issuedAt: string;
  connectedAt: string;
  /** Stored state; `expired`/`expiring` are derived from the clock when read. */
  status: Extract<ConnectionStatus, 'active' | 'reauth_required' | 'revoked'>;
  version: number;
}

export function recordFromEvent(event: TokenIssued, previous: TokenRecord | null): TokenRecord {
  // A reconnect without a refresh token must never wipe the one already stored.
  const refresh = event.refreshToken
    ? { refreshToken: event.refreshToken, refreshTokenExpiresAt: event.refreshTokenExpiresAt }
    : { refreshToken: previous?.refreshToken, refreshTokenExpiresAt: previous?.refreshTokenExpiresAt };
  return {
    connectionId: event.connectionId,
    tenantId: event.tenantId,
    member: event.member,
    organizations: event.organizations,
    scopes: event.scopes,
    accessToken: event.accessToken,
    accessTokenExpiresAt: event.accessTokenExpiresAt,
    ...(refresh.refreshToken ? { refreshToken: refresh.refreshToken } : {}),
    ...(refresh.refreshTokenExpiresAt ? { refreshTokenExpiresAt: refresh.refreshTokenExpiresAt } : {}),
    issuedAt: event.issuedAt,
    connectedAt: previous?.connectedAt ?? event.issuedAt,
    status: 'active',
    version: Date.parse(event.issuedAt),
  };
}

const EXPIRING_WITHOUT_REFRESH_MS = 7 * 24 * 3600 * 1000;

/** The status a reader sees at `now`. */
export function statusAt(record: TokenRecord, now: number): ConnectionStatus {
  if (record.status !== 'active') return record.status;
  const expiresAt = Date.parse(record.accessTokenExpiresAt);
  if (expiresAt <= now) return 'expired';
  if (!record.refreshToken && expiresAt - now <= EXPIRING_WITHOUT_REFRESH_MS) return 'expiring';
  return 'active';
}
