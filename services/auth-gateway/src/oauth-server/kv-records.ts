import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { openKvBucket } from '@li-bus/messaging';

/** A JSON record with the revision it was read at (for compare-and-set). */
export interface Versioned<T> {
  value: T;
  revision: number;
}

/**
 * JSON records in one NATS KV bucket, each with its own `expiresAt`. A record is created with a server-side TTL
 * to its `expiresAt` (a short-lived record never sits in the bucket for the bucket's whole max age); rewrites
 * (`put`, `update`) last the bucket's max age.
 */
export interface RecordBucket<T extends { expiresAt: number }> {
  /** The live record, or null when absent, deleted or past its `expiresAt`. */
  get(key: string): Promise<Versioned<T> | null>;
  /** Writes only if the key is new. */
  create(key: string, value: T): Promise<void>;
  put(key: string, value: T): Promise<void>;
  /** Compare-and-set: false when someone else wrote the key since `revision` was read. */
  update(key: string, value: T, revision: number): Promise<boolean>;
  /** Deletes at `revision` (false when someone else got there first): a single-use take. */
  deleteAt(key: string, revision: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}

export interface RecordBucketLimits {
  /** The bucket's max age: nothing stays longer. */
  maxAgeMs: number;
  maxBytes: number;
}

/** How long a removal marker stays (the record it replaced is gone at once). */
const MARKER_TTL = '60s';

/** The entry TTL (Go duration, whole seconds, at least one) that ends a record at its `expiresAt`. */
export function entryTtl(expiresAt: number, now: number): string {
  return `${Math.max(1, Math.ceil((expiresAt - now) / 1000))}s`;
}

export async function openRecordBucket<T extends { expiresAt: number }>(
  nc: NatsConnection,
  name: string,
  limits: RecordBucketLimits,
  now: () => number,
): Promise<RecordBucket<T>> {
  const kv: KV = await openKvBucket(nc, name, {
    ttlMs: limits.maxAgeMs,
    maxBytes: limits.maxBytes,
    allowMsgTtl: true,
  });
  return {
    async get(key) {
      const entry = await kv.get(key);
      if (!entry || entry.operation !== 'PUT') return null;
      const value = entry.json<T>();
      return value.expiresAt > now() ? { value, revision: entry.revision } : null;
    },
    async create(key, value) {
      await kv.create(key, JSON.stringify(value), entryTtl(value.expiresAt, now()));
    },
    async put(key, value) {
      await kv.put(key, JSON.stringify(value));
    },
    async update(key, value, revision) {
      try {
        await kv.update(key, JSON.stringify(value), revision);
        return true;
      } catch {
        return false;
      }
    },
    async deleteAt(key, revision) {
      try {
        await kv.purge(key, { previousSeq: revision, ttl: MARKER_TTL });
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await kv.purge(key, { ttl: MARKER_TTL });
    },
  };
}
