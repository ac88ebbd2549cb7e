import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  MESSAGE_SCHEMAS,
  STREAMS,
  SUBJECTS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '@li-bus/contracts';
import {
  PermanentError,
  runConsumer,
  type EventPublisher,
  type MessageContext,
  type RunningConsumer,
} from '@li-bus/messaging';
import type { ConnectionTenants } from './connection-tenants.ts';
import { deliveryIdOf } from './delivery-id.ts';
import type { WebhookStore } from './webhook-store.ts';

export interface WebhookFanOutDeps {
  nc: NatsConnection;
  events: EventPublisher;
  webhooks: Pick<WebhookStore, 'listByTenant'>;
  tenants: ConnectionTenants;
  logger: Logger;
  durablePrefix: string;
}

/** Fields every webhook event has (its subject's contract, when it has one, is checked on top). */
const eventFields = z.looseObject({
  eventId: z.string().min(1),
  connectionId: z.string(),
  requestId: z.string().optional(),
});

/**
 * Whole milliseconds: a nak delay that is not a whole number of nanoseconds is ignored by the server, which then
 * redelivers at once.
 */
const retryDelay = (attempt: number) =>
  Math.round(Math.min(60_000, 1000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4));

const isWebhookEvent = (subject: string): subject is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(subject);

function parseEvent(type: WebhookEventType, body: unknown) {
  const contract = (MESSAGE_SCHEMAS as Record<string, z.ZodType | undefined>)[type];
  const checked = contract ? contract.safeParse(body) : { success: true as const };
  const fields = eventFields.safeParse(body);
  if (!checked.success || !fields.success)
    throw new PermanentError('invalid_event', `${type} does not match its contract`);
  return { body: body as Record<string, unknown>, ...fields.data };
}

/**
 * Durable consumers of `post.>` and `token.>` that turn each webhook event into one `webhook.delivery` job per
 * matching webhook of the event's tenant (`Nats-Msg-Id` = the delivery id, so a redelivered event adds nothing).
 * Events of an unknown connection (or `requestId: "unknown"`) and webhooks registered after the event are skipped.
 * A body that fails its contract is terminated, never retried.
 */
export async function startWebhookFanOut(deps: WebhookFanOutDeps): Promise<RunningConsumer[]> {
  async function fanOut(raw: unknown, ctx: MessageContext): Promise<void> {
    const type = ctx.subject;
    if (!isWebhookEvent(type)) return;
    const event = parseEvent(type, raw);
    if (event.requestId === 'unknown' || !event.connectionId) return;
    const tenantId = await deps.tenants.tenantOf(event.connectionId);
    if (!tenantId) return;
    const at = ctx.publishedAtMs ?? Date.now();
    const targets = (await deps.webhooks.listByTenant(tenantId)).filter(
      (webhook) =>
        webhook.status === 'active' && webhook.events.includes(type) && Date.parse(webhook.createdAt) <= at,
    );
    await Promise.all(
      targets.map((webhook) =>
        deps.events.publish(SUBJECTS.webhookDelivery, {
          eventId: deliveryIdOf(webhook.webhookId, event.eventId),
          webhookId: webhook.webhookId,
          tenantId,
          connectionId: event.connectionId,
          ...(event.requestId ? { postRequestId: event.requestId } : {}),
          sourceEventId: event.eventId,
          type,
          timestamp: new Date(at).toISOString(),
          data: event.body,
        }),
      ),
    );
    if (targets.length > 0) ctx.logger.debug({ type, webhooks: targets.length }, 'webhook deliveries queued');
  }

  const common = {
    nc: deps.nc,
    schema: z.unknown(),
    logger: deps.logger,
    concurrency: 8,
    // token-keeper or NATS trouble: keep trying for about three hours before an event's deliveries are lost.
    maxAttempts: 200,
    retryDelayMs: retryDelay,
    handle: fanOut,
  };
  return Promise.all([
    runConsumer({
      ...common,
      stream: STREAMS.posts.name,
      durable: `${deps.durablePrefix}-posts`,
      subject: WEBHOOK_EVENT_TYPES.filter((type) => type.startsWith('post.')),
    }),
    runConsumer({
      ...common,
      stream: STREAMS.tokens.name,
      durable: `${deps.durablePrefix}-tokens`,
      subject: WEBHOOK_EVENT_TYPES.filter((type) => type.startsWith('token.')),
    }),
  ]);
}
