import { z } from 'zod';
import { connectionId, eventId, isoDateTime } from './common.ts';

/**
 * The bus events an HTTP caller may subscribe a webhook to: every post outcome and the token events that ask
 * the tenant to act. Each carries a `connectionId`, which names the tenant it belongs to.
 */
export const WEBHOOK_EVENT_TYPES = [
  'post.published',
  'post.failed',
  'post.cancelled',
  'post.updated',
  'post.deleted',
  'token.refresh.failed',
  'token.expiring',
  'token.expired',
  'token.revoked',
] as const;
export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventType>;

/** The auth-gateway's own stream of webhook delivery jobs (internal to the gateway; work-queue retention). */
export const WEBHOOK_STREAM = { name: 'WEBHOOKS', subjects: ['webhook.>'] } as const;

/**
 * `webhook.delivery`: one job per (webhook, event), published by the gateway's fan-out and consumed by its
 * delivery worker. Internal to auth-gateway; listed here so its stream and permissions are known by name.
 */
export const webhookDelivery = z.object({
  /** The delivery's id: the `webhook-id` header on every attempt and the job's `Nats-Msg-Id`. */
  eventId,
  webhookId: z.string().regex(/^wh_[A-Za-z0-9_-]{1,64}$/),
  tenantId: z.string().min(1).max(128),
  connectionId,
  /** The post's requestId, when the event has one (for traces and logs). */
  postRequestId: z.string().min(1).max(256).optional(),
  /** The bus event's own id. */
  sourceEventId: eventId,
  type: webhookEventType,
  /** When the bus event happened (the time the stream stored it). */
  timestamp: isoDateTime,
  /** The bus event, as published. */
  data: z.record(z.string(), z.unknown()),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
