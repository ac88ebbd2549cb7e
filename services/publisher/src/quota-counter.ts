import { jetstream } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  MEMBER_DAILY_CREATE_LIMIT,
  nextUtcMidnightMs,
  QUOTA_BUCKET,
  quotaKey,
  utcDay,
} from '@li-bus/contracts';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';

/**
 * Creates per member and UTC day, as LinkedIn's daily quota counts them (150 per member, reset at 00:00 UTC).
 * Counted after each create LinkedIn answered 201 (a reconciled `DUPLICATE_POST` is not a second create). The
 * auth-gateway reads the same bucket, read-only, for the connection view's `quota`.
 */
export interface QuotaCounter {
  readonly limit: number;
  /** Adds one create for the member today; returns today's count. */
  count(memberSub: string, now: number): Promise<number>;
  used(memberSub: string, now: number): Promise<number>;
}

/** Entries outlive their day by this much (a clock a little behind still reads yesterday's count). */
const TTL_MARGIN_MS = 3600_000;

/** Per-entry TTL (`Nats-TTL`) in whole seconds: to the next 00:00 UTC, plus the margin. */
export function ttlUntilReset(now: number): string {
  return `${Math.ceil((nextUtcMidnightMs(now) - now + TTL_MARGIN_MS) / 1000)}s`;
}

export async function createKvQuotaCounter(
  nc: NatsConnection,
  options: { replicas?: number; onCount?: (used: number) => void } = {},
): Promise<QuotaCounter> {
  // ~100 bytes an entry and one entry per member and day: the small limit holds hundreds of thousands.
  const kv: KV = await openKvBucket(nc, QUOTA_BUCKET, {
    replicas: options.replicas ?? 1,
    maxBytes: BUCKET_MAX_BYTES.small,
    allowMsgTtl: true,
    // Belt and braces: entries carry their own TTL; nothing in the bucket lives past two days anyway.
    ttlMs: 2 * 24 * 3600_000,
  });
  const js = jetstream(nc);
  const read = async (key: string) => {
    const entry = await kv.get(key);
    return entry && entry.operation === 'PUT'
      ? { used: Number(entry.string()) || 0, revision: entry.revision }
      : { used: 0, revision: entry?.revision ?? 0 };
  };
  /** Adds `n` creates with one compare-and-set write (re-read and retried when another writer won). */
  async function add(key: string, n: number, now: number) {
    for (let tries = 0; tries < 20; tries += 1) {
      const current = await read(key);
      const next = current.used + n;
      // A compare-and-set write with its own TTL (KV's update cannot set one): replicas never lose a count.
      const written = await js
        .publish(`$KV.${QUOTA_BUCKET}.${key}`, String(next), {
          ttl: ttlUntilReset(now),
          expect: { lastSubjectSequence: current.revision },
        })
        .then(
          () => true,
          () => false,
        );
      if (written) {
        options.onCount?.(next);
        return next;
      }
      // Another replica counted the same member at the same moment: read again after a short pause.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (tries + 1)));
    }
    throw new Error(`could not count a create in ${QUOTA_BUCKET} (20 conflicting writes or no stream)`);
  }

  // Creates of one member counted while a write for that member is in flight wait and go together in the next
  // write: concurrent posts of one member then cost one read and one write per batch, not a compare-and-set
  // race between themselves (which grew with the square of the posts in flight).
  const queued = new Map<string, { n: number; now: number; done: Promise<number> }>();
  const writing = new Map<string, Promise<unknown>>();
  function count(key: string, now: number): Promise<number> {
    const waiting = queued.get(key);
    if (waiting) {
      waiting.n += 1;
      return waiting.done;
    }
    const previous = writing.get(key) ?? Promise.resolve();
    const batch = { n: 1, now, done: Promise.resolve(0) };
    batch.done = previous.then(() => {
      queued.delete(key);
      return add(key, batch.n, batch.now);
    });
    queued.set(key, batch);
    const settled = batch.done.catch(() => undefined);
    writing.set(key, settled);
    void settled.then(() => {
      if (writing.get(key) === settled) writing.delete(key);
    });
    return batch.done;
  }

  return {
    limit: MEMBER_DAILY_CREATE_LIMIT,
    count: (memberSub, now) => count(quotaKey(memberSub, utcDay(now)), now),
    async used(memberSub, now) {
      return (await read(quotaKey(memberSub, utcDay(now)))).used;
    },
  };
}
