import type { KV } from '@nats-io/kv';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * LinkedIn's daily quotas (per member per app, per app) reset at midnight UTC and 429s carry no Retry-After.
 * After a 429 the member is "throttled until" the next UTC midnight; every publisher replica checks this
 * before calling LinkedIn, so a throttled member waits without touching the API or other members. The
 * bucket is watched, so the check is a local lookup (no round trip per post).
 */
export interface MemberThrottle {
  /** Epoch ms until which the member must not create posts, or undefined when free. */
  throttledUntil(memberSub: string, now: number): Promise<number | undefined>;
  throttle(memberSub: string, until: number): Promise<void>;
  close(): void;
}

export const THROTTLE_BUCKET = 'publisher_throttle';

/** The next 00:00 UTC after `now`. */
export function nextUtcMidnight(now: number): number {
  const day = new Date(now);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

export async function createKvMemberThrottle(
  nc: NatsConnection,
  options: { replicas?: number } = {},
): Promise<MemberThrottle> {
  const kv: KV = await openKvBucket(nc, THROTTLE_BUCKET, {
    replicas: options.replicas ?? 1,
    ttlMs: 2 * 24 * 3600_000,
    maxBytes: BUCKET_MAX_BYTES.small,
  });
  const keyOf = (sub: string) => `m.${Buffer.from(sub, 'utf8').toString('base64url')}`;
  const known = new Map<string, number>();
  const watcher = await kv.watch({ key: 'm.>' });
  void (async () => {
    for await (const entry of watcher) {
      if (entry.operation === 'PUT') known.set(entry.key, Number(entry.string()));
      else known.delete(entry.key);
    }
  })().catch(() => undefined);
  return {
    async throttledUntil(memberSub, now) {
      const until = known.get(keyOf(memberSub));
      return until !== undefined && until > now ? until : undefined;
    },
    async throttle(memberSub, until) {
      known.set(keyOf(memberSub), until);
      await kv.put(keyOf(memberSub), String(until));
    },
    close: () => watcher.stop(),
  };
}
