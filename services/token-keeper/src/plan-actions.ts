import { attemptAt } from './refresh-attempts.ts';
import type { SchedulePolicy } from './schedule-policy.ts';
import { usableRefreshUntil, type NoticeMarkers, type TokenRecord } from './token-record.ts';

export type ExpiringReason = 'no_refresh_token' | 'refresh_token_expiring';

export type ScheduledAction =
  | { kind: 'refresh-due'; accessTokenExpiresAt: number; attempt: number }
  | { kind: 'expiring'; reason: ExpiringReason; expiresAt: number; offsetMs: number }
  | { kind: 'expired'; expiredAt: number };

export interface Plan {
  /** What is due at `now` and not emitted yet. */
  actions: ScheduledAction[];
  /** Markers to store once the actions are emitted. */
  markers: NoticeMarkers;
  /** The status becomes `expired`. */
  expire: boolean;
  /** When to look at the connection again (null: never, it is no longer active). */
  nextAt: number | null;
}

const IDLE: Plan = { actions: [], markers: {}, expire: false, nextAt: null };

/**
 * Notices `offsets` before `deadline`: the latest one already reached is due unless its marker says it was
 * emitted (a late tick emits only the most urgent notice, never a burst); the next one is upcoming.
 */
function noticeSeries(deadline: number, offsets: number[], emitted: string | undefined, now: number) {
  let due: { offsetMs: number; marker: string } | undefined;
  let upcoming: number | undefined;
  for (const offsetMs of offsets) {
    const at = deadline - offsetMs;
    if (at <= now) due = { offsetMs, marker: `${deadline}:${offsetMs}` };
    else upcoming = upcoming === undefined ? at : Math.min(upcoming, at);
  }
  return { due: due && due.marker !== emitted ? due : undefined, upcoming };
}

/** What the scheduler owes a connection at `now`, derived only from the stored record and the clock. */
export function planActions(record: TokenRecord, now: number, policy: SchedulePolicy): Plan {
  if (record.status !== 'active') return IDLE;
  const expiresAt = Date.parse(record.accessTokenExpiresAt);
  if (now >= expiresAt) {
    return { actions: [{ kind: 'expired', expiredAt: expiresAt }], markers: {}, expire: true, nextAt: null };
  }
  const plan: Plan = { actions: [], markers: {}, expire: false, nextAt: null };
  const upcoming: number[] = [expiresAt];
  const refreshUntil = usableRefreshUntil(record, now);

  if (refreshUntil !== undefined) {
    const firstDue = expiresAt - policy.refreshLeadMs;
    if (now < firstDue) {
      upcoming.push(firstDue);
    } else {
      const slot = attemptAt(now - firstDue, policy);
      const marker = `${expiresAt}:${slot.attempt}`;
      if (record.notices.refreshDue !== marker) {
        plan.actions.push({ kind: 'refresh-due', accessTokenExpiresAt: expiresAt, attempt: slot.attempt });
        plan.markers.refreshDue = marker;
      }
      upcoming.push(firstDue + slot.nextOffsetMs);
    }
    if (Number.isFinite(refreshUntil)) {
      const series = noticeSeries(
        refreshUntil,
        policy.refreshTokenNoticesMs,
        record.notices.refreshToken,
        now,
      );
      if (series.due) {
        const { offsetMs, marker } = series.due;
        plan.actions.push({
          kind: 'expiring',
          reason: 'refresh_token_expiring',
          expiresAt: refreshUntil,
          offsetMs,
        });
        plan.markers.refreshToken = marker;
      }
      if (series.upcoming !== undefined) upcoming.push(series.upcoming);
      // Once the refresh token is past its horizon the plan changes: look again then.
      upcoming.push(refreshUntil);
    }
  } else {
    const series = noticeSeries(expiresAt, policy.expiryNoticesMs, record.notices.expiry, now);
    if (series.due) {
      const { offsetMs, marker } = series.due;
      plan.actions.push({ kind: 'expiring', reason: 'no_refresh_token', expiresAt, offsetMs });
      plan.markers.expiry = marker;
    }
    if (series.upcoming !== undefined) upcoming.push(series.upcoming);
  }
  plan.nextAt = Math.min(...upcoming);
  return plan;
}

/** The score a connection belongs at in the schedule: now when something is due, else its next action. */
export function scheduleAt(record: TokenRecord, now: number, policy: SchedulePolicy): number | null {
  const plan = planActions(record, now, policy);
  return plan.actions.length > 0 || plan.expire ? now : plan.nextAt;
}
