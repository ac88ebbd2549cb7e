import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { PostStatus } from '../http/api-schemas.ts';

export const POST_STATUS_BUCKET = 'gateway_post_status';

/**
 * A request taken in over HTTP or MCP, with the tenant it belongs to (never shown to another tenant).
 * `requestId` is the caller's; `busRequestId` the one it was published under (see `busRequestId`).
 */
export interface PostStatusRecord extends PostStatus {
  tenantId: string;
  busRequestId: string;
}

export interface PostStatusStore {
  /** Records a queued request by its bus id; false when already known (the first record is kept). */
  recordQueued(record: PostStatusRecord): Promise<boolean>;
  /** The record of a bus requestId. */
  get(busRequestId: string): Promise<PostStatusRecord | null>;
  /** Every record taken in under a caller's requestId, whatever its tenant and connection (filter them!). */
  findByCallerId(requestId: string): Promise<PostStatusRecord[]>;
  /** Applies an outcome to a known request (by bus id); unknown ones (not taken in over HTTP) are ignored. */
  update(busRequestId: string, change: Partial<PostStatus>): Promise<void>;
  /**
   * Read-modify-write of a known request: `decide` sees the current record and returns the change (null: none);
   * it runs again when a concurrent write won. The record after, or null when unknown.
   */
  modify(
    busRequestId: string,
    decide: (record: PostStatusRecord) => Partial<PostStatus> | null,
  ): Promise<PostStatusRecord | null>;
}

// requestIds may hold `:`, which KV keys may not: keys are the base64url of the id.
const b64 = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const keyOf = b64;
/** `ix.<caller's requestId>.<bus requestId>`: finds a caller's request without knowing its connection. */
const indexKey = (record: PostStatusRecord) => `ix.${b64(record.requestId)}.${b64(record.busRequestId)}`;

/** The gateway's own status view in a NATS KV bucket (Redis belongs to token-keeper). */
export async function createKvPostStatusStore(
  nc: NatsConnection,
  options: { ttlMs?: number } = {},
): Promise<PostStatusStore> {
  const kv = await openKvBucket(nc, POST_STATUS_BUCKET, {
    ttlMs: options.ttlMs ?? 14 * 24 * 3600_000,
    maxBytes: BUCKET_MAX_BYTES.medium,
  });
  async function get(busRequestId: string): Promise<PostStatusRecord | null> {
    const entry = await kv.get(keyOf(busRequestId));
    return entry && entry.operation === 'PUT' ? entry.json<PostStatusRecord>() : null;
  }
  return {
    async recordQueued(record) {
      await kv.put(indexKey(record), '1');
      try {
        await kv.create(keyOf(record.busRequestId), JSON.stringify(record));
        return true;
      } catch {
        return false;
      }
    },
    get,
    async findByCallerId(requestId) {
      const busIds: string[] = [];
      for await (const key of await kv.keys(`ix.${b64(requestId)}.*`)) {
        const encoded = key.split('.')[2];
        if (encoded) busIds.push(Buffer.from(encoded, 'base64url').toString('utf8'));
      }
      const records = await Promise.all(busIds.map(get));
      return records.filter((record): record is PostStatusRecord => record?.requestId === requestId);
    },
    async update(busRequestId, change) {
      await modify(busRequestId, () => change);
    },
    modify,
  };

  async function modify(
    busRequestId: string,
    decide: (record: PostStatusRecord) => Partial<PostStatus> | null,
  ): Promise<PostStatusRecord | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const entry = await kv.get(keyOf(busRequestId));
      if (!entry || entry.operation !== 'PUT') return null;
      const current = entry.json<PostStatusRecord>();
      const change = decide(current);
      if (!change) return current;
      const next = { ...current, ...change } as PostStatusRecord;
      try {
        await kv.update(keyOf(busRequestId), JSON.stringify(next), entry.revision);
        return next;
      } catch {
        // a concurrent update won; read again
      }
    }
    throw new Error(`could not update the status of ${busRequestId}`);
  }
}
