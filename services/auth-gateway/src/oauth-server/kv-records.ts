import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/** A JSON record with the revision it was read at (for compare-and-set). */
export interface Versioned<T> {
  value: T;
  revision: number;
}

/** JSON records in one NATS KV bucket, each with its own `expiresAt` (the bucket's max age is only a sweep). */
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

export async function openRecordBucket<T extends { expiresAt: number }>(
  nc: NatsConnection,
  name: string,
  maxAgeMs: number,
  now: () => number,
): Promise<RecordBucket<T>> {
  const kv: KV = await new Kvm(nc).create(name, { ttl: maxAgeMs, history: 1 });
  return {
    async get(key) {
      const entry = await kv.get(key);
      if (!entry || entry.operation !== 'PUT') return null;
      const value = entry.json<T>();
      return value.expiresAt > now() ? { value, revision: entry.revision } : null;
    },
    async create(key, value) {
      await kv.create(key, JSON.stringify(value));
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
        await kv.delete(key, { previousSeq: revision });
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await kv.delete(key);
    },
  };
}
