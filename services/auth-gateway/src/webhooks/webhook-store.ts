import { randomBytes } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import type { KV } from '@nats-io/kv';
import type { WebhookEventType } from '@li-bus/contracts';
import { BUCKET_MAX_BYTES, openKvBucket } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { WebhookLimitError } from './webhook-errors.ts';

export const WEBHOOK_BUCKET = 'gateway_webhooks';
/** Webhooks one tenant may register (each one is a delivery per event). */
export const MAX_WEBHOOKS_PER_TENANT = 25;

/** A registered webhook as stored: the signing secret only sealed (associated data: the webhook id). */
export interface WebhookRecord {
  webhookId: string;
  tenantId: string;
  url: string;
  events: WebhookEventType[];
  sealedSecret: string;
  createdAt: string;
  status: 'active' | 'disabled';
  /** Start of the current run of failed deliveries; cleared by a success. */
  firstFailureAt?: string;
  disabledAt?: string;
}

/** What the API shows of a webhook (never its secret). */
export type WebhookView = Omit<WebhookRecord, 'sealedSecret'>;

export interface WebhookStore {
  /** Registers a webhook; returns it with its plaintext secret, which is never readable again. */
  create(
    input: Pick<WebhookRecord, 'tenantId' | 'url' | 'events'>,
  ): Promise<{ record: WebhookRecord; secret: string }>;
  get(webhookId: string): Promise<WebhookRecord | null>;
  listByTenant(tenantId: string): Promise<WebhookRecord[]>;
  delete(webhookId: string): Promise<void>;
  /** The plaintext secret of a record, for signing. */
  secretOf(record: WebhookRecord): string;
  /** Applies `change` to the current record (compare-and-set); null when the webhook is gone. */
  update(
    webhookId: string,
    change: (record: WebhookRecord) => WebhookRecord | null,
  ): Promise<WebhookRecord | null>;
}

const tenantKey = (tenantId: string) => `t.${Buffer.from(tenantId, 'utf8').toString('base64url')}`;
const recordKey = (webhookId: string) => `w.${webhookId}`;
const indexKey = (tenantId: string, webhookId: string) => `${tenantKey(tenantId)}.${webhookId}`;

export const viewOf = ({ sealedSecret: _secret, ...view }: WebhookRecord): WebhookView => view;

/** Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Webhooks in the gateway's NATS KV bucket (Redis belongs to token-keeper). */
export async function createKvWebhookStore(
  nc: NatsConnection,
  deps: { keyring: Keyring; now: () => number; maxPerTenant?: number },
): Promise<WebhookStore> {
  const kv: KV = await openKvBucket(nc, WEBHOOK_BUCKET, { maxBytes: BUCKET_MAX_BYTES.small });
  const maxPerTenant = deps.maxPerTenant ?? MAX_WEBHOOKS_PER_TENANT;

  async function get(webhookId: string): Promise<WebhookRecord | null> {
    const entry = await kv.get(recordKey(webhookId));
    return entry && entry.operation === 'PUT' ? entry.json<WebhookRecord>() : null;
  }
  async function idsOf(tenantId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const key of await kv.keys(`${tenantKey(tenantId)}.*`)) ids.push(key.split('.')[2] ?? '');
    return ids.filter(Boolean);
  }

  return {
    async create(input) {
      // Counted, then written: concurrent creates may pass the cap by a few, which only bounds resources.
      if ((await idsOf(input.tenantId)).length >= maxPerTenant) throw new WebhookLimitError(maxPerTenant);
      const webhookId = `wh_${randomBytes(16).toString('base64url')}`;
      const secret = newSecret();
      const record: WebhookRecord = {
        webhookId,
        tenantId: input.tenantId,
        url: input.url,
        events: input.events,
        sealedSecret: deps.keyring.seal(secret, webhookId),
        createdAt: new Date(deps.now()).toISOString(),
        status: 'active',
      };
      await kv.create(recordKey(webhookId), JSON.stringify(record));
      await kv.put(indexKey(input.tenantId, webhookId), '1');
      return { record, secret };
    },
    get,
    async listByTenant(tenantId) {
      const records = await Promise.all((await idsOf(tenantId)).map(get));
      return records.filter((record): record is WebhookRecord => record?.tenantId === tenantId);
    },
    async delete(webhookId) {
      const record = await get(webhookId);
      await kv.delete(recordKey(webhookId));
      if (record) await kv.delete(indexKey(record.tenantId, webhookId));
    },
    secretOf: (record) => deps.keyring.open(record.sealedSecret, record.webhookId),
    async update(webhookId, change) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const entry = await kv.get(recordKey(webhookId));
        if (!entry || entry.operation !== 'PUT') return null;
        const next = change(entry.json<WebhookRecord>());
        if (!next) return entry.json<WebhookRecord>();
        try {
          await kv.update(recordKey(webhookId), JSON.stringify(next), entry.revision);
          return next;
        } catch {
          // a concurrent update won; read again
        }
      }
      throw new Error(`could not update webhook ${webhookId}`);
    },
  };
}
