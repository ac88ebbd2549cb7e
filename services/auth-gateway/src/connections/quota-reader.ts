import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  MEMBER_DAILY_CREATE_LIMIT,
  nextUtcMidnightMs,
  QUOTA_BUCKET,
  quotaKey,
  utcDay,
  type MemberQuota,
} from '@li-bus/contracts';

/** A member's creates today, as the publisher counted them. */
export interface QuotaReader {
  quotaOf(memberSub: string, now: number): Promise<MemberQuota>;
}

/**
 * Reads the publisher's `publisher_quota` bucket, read-only (NATS permissions allow the gateway stream info and
 * direct gets on it, no writes): one KV get per request, no service of the publisher's to call, and the answer
 * is the same whichever publisher replica counted. Until a publisher created the bucket, everyone is at 0.
 */
export function createKvQuotaReader(nc: NatsConnection): QuotaReader {
  let bucket: Promise<KV> | undefined;
  const open = () => {
    // `status()` asks for the stream: opening fails (and is tried again next time) until the bucket exists.
    bucket ??= new Kvm(nc)
      .open(QUOTA_BUCKET)
      .then(async (kv) => {
        await kv.status();
        return kv;
      })
      .catch((error: unknown) => {
        bucket = undefined;
        throw error;
      });
    return bucket;
  };
  return {
    async quotaOf(memberSub, now) {
      const resetsAt = new Date(nextUtcMidnightMs(now)).toISOString();
      const kv = await open().catch(() => undefined);
      const entry = kv ? await kv.get(quotaKey(memberSub, utcDay(now))) : null;
      const used = entry?.operation === 'PUT' ? Number(entry.string()) || 0 : 0;
      return { used, limit: MEMBER_DAILY_CREATE_LIMIT, resetsAt };
    },
  };
}
