import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * The publisher's record per `requestId`: `armed` before the create call, `published` (with the URN) after,
 * `failed` when it ended without a post. What makes "never twice" hold across crashes and redeliveries.
 */
export type LedgerEntry =
  | { state: 'armed'; armedAt: string }
  | { state: 'published'; urn: string; author: string; publishedAt: string }
  | { state: 'failed'; code: string; failedAt: string };

export interface PublishLedger {
  get(requestId: string): Promise<LedgerEntry | null>;
  set(requestId: string, entry: LedgerEntry): Promise<void>;
  /** Writes the first entry for a request; false when another delivery already wrote one. */
  claim(requestId: string, entry: LedgerEntry): Promise<boolean>;
}

export const LEDGER_BUCKET = 'publisher_ledger';

const keyOf = (requestId: string) => `r.${Buffer.from(requestId, 'utf8').toString('base64url')}`;

export async function createKvLedger(
  nc: NatsConnection,
  options: { replicas?: number } = {},
): Promise<PublishLedger> {
  const kv: KV = await new Kvm(nc).create(LEDGER_BUCKET, { history: 1, replicas: options.replicas ?? 1 });
  return {
    async get(requestId) {
      const entry = await kv.get(keyOf(requestId));
      return entry && entry.operation === 'PUT' ? entry.json<LedgerEntry>() : null;
    },
    async set(requestId, entry) {
      await kv.put(keyOf(requestId), JSON.stringify(entry));
    },
    async claim(requestId, entry) {
      return kv.create(keyOf(requestId), JSON.stringify(entry)).then(
        () => true,
        () => false,
      );
    },
  };
}
