import { z } from 'zod';
import { isoDateTime } from './common.ts';

/**
 * LinkedIn's daily create quota per member (Share on LinkedIn: 150 per member per day, reset at 00:00 UTC,
 * reference §9.5). The publisher counts every create that LinkedIn answered 201 in the KV bucket
 * `QUOTA_BUCKET` under `quotaKey(member, day)`; the auth-gateway reads it (read-only) for the connection view.
 */
export const MEMBER_DAILY_CREATE_LIMIT = 150;
export const QUOTA_BUCKET = 'publisher_quota';

/** `YYYY-MM-DD` of the UTC day `now` falls in. */
export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The next 00:00 UTC after `now` (epoch ms). */
export function nextUtcMidnightMs(now: number): number {
  const day = new Date(now);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

/** The KV key of a member's counter for one UTC day (the member id base64url-encoded: KV keys are restricted). */
export function quotaKey(memberSub: string, day: string): string {
  return `q.${day}.${Buffer.from(memberSub, 'utf8').toString('base64url')}`;
}

/** `quota` in the connection view (`GET /v1/connections/:id`, MCP `get_connection_status`). */
export const memberQuota = z.object({
  used: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  resetsAt: isoDateTime,
});
export type MemberQuota = z.infer<typeof memberQuota>;
