import type { ConnectionStatus, Member, Organization } from '@li-bus/contracts';
import type { SchedulePolicy } from './schedule-policy.ts';

/** A status that is stored; `expiring` is only ever derived from the clock. */
export type StoredStatus = Exclude<ConnectionStatus, 'expiring'>;

/** Which scheduled notices were already emitted; each names the deadline it belongs to. */
export interface NoticeMarkers {
  /** `<accessExpiresAtMs>:<attempt>` of the last `token.refresh.due`. */
  refreshDue?: string;
  /** `<accessExpiresAtMs>:<offsetMs>` of the last `no_refresh_token` notice. */
  expiry?: string;
  /** `<refreshExpiresAtMs>:<offsetMs>` of the last `refresh_token_expiring` notice. */
  refreshToken?: string;
}

/**
 * What token-keeper stores per connection. Tokens stay sealed. The access-token part, the refresh token and
 * the status each carry their own version (event time, ms), so each is only ever replaced by something newer.
 */
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
  status: StoredStatus;
  /** Version of the access-token part: its `issuedAt` in ms. */
  version: number;
  /** Version of the stored status (the event time that set it, ms), when a status event or a newer token set it. */
  statusVersion?: number;
  /** Grows on every stored change; the scheduler commits only against the revision it evaluated. */
  revision: number;
  notices: NoticeMarkers;
}

const ms = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

/** The refresh token's horizon when it can still be used at `now`, else undefined. */
export function usableRefreshUntil(record: TokenRecord, now: number): number | undefined {
  if (!record.refreshToken) return undefined;
  const horizon = ms(record.refreshTokenExpiresAt) ?? Number.POSITIVE_INFINITY;
  return horizon > now ? horizon : undefined;
}

/** The status a reader sees at `now`: stored states win, then expiry and the notice windows of the policy. */
export function statusAt(record: TokenRecord, now: number, policy: SchedulePolicy): ConnectionStatus {
  if (record.status !== 'active') return record.status;
  const expiresAt = Date.parse(record.accessTokenExpiresAt);
  if (expiresAt <= now) return 'expired';
  const refreshUntil = usableRefreshUntil(record, now);
  if (refreshUntil === undefined) {
    return expiresAt - now <= (policy.expiryNoticesMs[0] ?? 0) ? 'expiring' : 'active';
  }
  return refreshUntil - now <= (policy.refreshTokenNoticesMs[0] ?? 0) ? 'expiring' : 'active';
}
