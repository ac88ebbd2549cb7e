import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import type { NatsConnection } from '@nats-io/transport-node';

export const LOCK_BUCKET = 'gateway_refresh_locks';
export const DONE_BUCKET = 'gateway_refresh_done';

export interface RefreshMemo {
  from: string;
  to: string;
}

/** Cross-replica guard: one refresh grant per connection at a time, and no second grant for the same due. */
export interface RefreshGuard {
  /** The lock's revision, or null while another replica holds it. The lock expires by itself after its TTL. */
  acquire(connectionId: string): Promise<number | null>;
  release(connectionId: string, revision: number): Promise<void>;
  /** How long the connection's lock has been held and how long until it expires by itself (null: no lock). */
  lockTiming(connectionId: string): Promise<{ heldMs: number; remainingMs: number } | null>;
  /** The last refresh that ran recently: the access-token expiry it replaced and the one it produced. */
  lastRefreshed(connectionId: string): Promise<RefreshMemo | null>;
  markRefreshed(connectionId: string, memo: RefreshMemo): Promise<void>;
}

/** Both buckets are NATS KV: `create` succeeds for exactly one caller, which makes it a lock with a TTL. */
export async function createKvRefreshGuard(
  nc: NatsConnection,
  options: { lockTtlMs?: number; doneTtlMs?: number } = {},
): Promise<RefreshGuard> {
  const lockTtlMs = options.lockTtlMs ?? 60_000;
  const maxBytes = BUCKET_MAX_BYTES.small;
  const locks = await openKvBucket(nc, LOCK_BUCKET, { ttlMs: lockTtlMs, maxBytes });
  const done = await openKvBucket(nc, DONE_BUCKET, { ttlMs: options.doneTtlMs ?? 24 * 3600_000, maxBytes });
  return {
    async acquire(connectionId) {
      try {
        return await locks.create(connectionId, String(Date.now()));
      } catch {
        return null;
      }
    },
    async lockTiming(connectionId) {
      const entry = await locks.get(connectionId);
      if (!entry || entry.operation !== 'PUT') return null;
      const heldMs = Math.max(0, Date.now() - entry.created.getTime());
      return { heldMs, remainingMs: Math.max(0, lockTtlMs - heldMs) };
    },
    async release(connectionId, revision) {
      await locks.delete(connectionId, { previousSeq: revision }).catch(() => undefined);
    },
    async lastRefreshed(connectionId) {
      const entry = await done.get(connectionId);
      return entry && entry.operation === 'PUT' ? entry.json<RefreshMemo>() : null;
    },
    async markRefreshed(connectionId, memo) {
      await done.put(connectionId, JSON.stringify(memo));
    },
  };
}
