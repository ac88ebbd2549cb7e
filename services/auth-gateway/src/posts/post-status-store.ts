import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PostStatus } from '../api-schemas.ts';

export const POST_STATUS_BUCKET = 'gateway_post_status';

/** A request taken in over HTTP, with the tenant it belongs to (never shown to another tenant). */
export interface PostStatusRecord extends PostStatus {
  tenantId: string;
}

export interface PostStatusStore {
  /** Records a queued request; false when the requestId is already known (the first record is kept). */
  recordQueued(record: PostStatusRecord): Promise<boolean>;
  get(requestId: string): Promise<PostStatusRecord | null>;
  /** Applies an outcome to a known request; unknown ones (not taken in over HTTP) are ignored. */
  update(requestId: string, change: Partial<PostStatus>): Promise<void>;
}

// requestIds may hold `:`, which KV keys may not: keys are the base64url of the id.
const keyOf = (requestId: string) => Buffer.from(requestId, 'utf8').toString('base64url');

/** The gateway's own status view in a NATS KV bucket (Redis belongs to token-keeper). */
export async function createKvPostStatusStore(
  nc: NatsConnection,
  options: { ttlMs?: number } = {},
): Promise<PostStatusStore> {
  const kv = await new Kvm(nc).create(POST_STATUS_BUCKET, {
    ttl: options.ttlMs ?? 14 * 24 * 3600_000,
    history: 1,
  });
  return {
    async recordQueued(record) {
      try {
        await kv.create(keyOf(record.requestId), JSON.stringify(record));
        return true;
      } catch {
        return false;
      }
    },
    async get(requestId) {
      const entry = await kv.get(keyOf(requestId));
      return entry && entry.operation === 'PUT' ? entry.json<PostStatusRecord>() : null;
    },
    async update(requestId, change) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const entry = await kv.get(keyOf(requestId));
        if (!entry || entry.operation !== 'PUT') return;
        const next = { ...entry.json<PostStatusRecord>(), ...change };
        try {
          await kv.update(keyOf(requestId), JSON.stringify(next), entry.revision);
          return;
        } catch {
          // a concurrent update won; read again
        }
      }
      throw new Error(`could not update the status of ${requestId}`);
    },
  };
}
