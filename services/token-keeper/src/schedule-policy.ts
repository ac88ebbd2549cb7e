/** When the scheduler acts ahead of a connection's deadlines. Offsets are in milliseconds, longest first. */
export interface SchedulePolicy {
  /** `token.refresh.due` this long before the access token expires (refresh token present). */
  refreshLeadMs: number;
  /** First re-emission of `token.refresh.due` after this long; then doubling up to `refreshRetryMaxMs`. */
  refreshRetryMs: number;
  refreshRetryMaxMs: number;
  /** `token.expiring` (`no_refresh_token`) this long before the access token expires. */
  expiryNoticesMs: number[];
  /** `token.expiring` (`refresh_token_expiring`) this long before the refresh token's fixed horizon. */
  refreshTokenNoticesMs: number[];
}

const DAY = 24 * 3600_000;

export const DEFAULT_POLICY: SchedulePolicy = {
  refreshLeadMs: 7 * DAY,
  refreshRetryMs: 15 * 60_000,
  refreshRetryMaxMs: 6 * 3600_000,
  expiryNoticesMs: [7 * DAY, DAY],
  refreshTokenNoticesMs: [30 * DAY, 7 * DAY],
};

/** Bumped when the meaning of a stored schedule changes, so that replicas rebuild it on start. */
const SCHEDULE_FORMAT = 1;

/** Identifies the policy a stored schedule was computed with: a different one means the schedule is behind. */
export function policyFingerprint(policy: SchedulePolicy): string {
  return JSON.stringify({
    format: SCHEDULE_FORMAT,
    lead: policy.refreshLeadMs,
    retry: [policy.refreshRetryMs, policy.refreshRetryMaxMs],
    expiry: policy.expiryNoticesMs,
    refreshToken: policy.refreshTokenNoticesMs,
  });
}
