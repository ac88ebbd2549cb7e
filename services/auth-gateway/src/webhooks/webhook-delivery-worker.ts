import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Webhook } from 'standardwebhooks';
import { SUBJECTS, WEBHOOK_STREAM, webhookDelivery, type WebhookDelivery } from '@li-bus/contracts';
import {
  inSpan,
  PermanentError,
  runConsumer,
  SpanKind,
  type MessageContext,
  type RunningConsumer,
} from '@li-bus/messaging';
import { DeliveryFailedError } from './webhook-errors.ts';
import { DISABLE_AFTER_MS, nextRetryDelay } from './retry-schedule.ts';
import type { WebhookMetrics } from './webhook-metrics.ts';
import type { WebhookSender } from './webhook-sender.ts';
import type { WebhookRecord, WebhookStore } from './webhook-store.ts';

export interface DeliveryWorkerDeps {
  nc: NatsConnection;
  webhooks: Pick<WebhookStore, 'get' | 'secretOf' | 'update'>;
  sender: Pick<WebhookSender, 'send'>;
  metrics: WebhookMetrics;
  logger: Logger;
  now: () => number;
  durable: string;
  concurrency: number;
  retryDelaysMs: readonly number[];
}

/** A tenant's deliveries already hold their share of the worker: this one waits a moment (not an attempt). */
class TenantBusyError extends Error {
  // Whole milliseconds: the server ignores a nak delay with a fraction of a nanosecond (and redelivers at once).
  readonly retryAfterMs = 250 + Math.round(Math.random() * 750);
}

/**
 * Delivers `webhook.delivery` jobs: signed per Standard Webhooks (the same `webhook-id` on every attempt), each
 * attempt a `webhook deliver` span in the event's trace, at most an eighth of the slots per tenant (a slow
 * tenant never takes the others' turn), failures retried on the schedule for 24 h, a webhook failing for 5 days
 * disabled. A job for a deleted or disabled webhook is dropped; an invalid job is terminated.
 */
export async function startWebhookDeliveryWorker(deps: DeliveryWorkerDeps): Promise<RunningConsumer> {
  const perTenant = Math.max(1, Math.floor(deps.concurrency / 8));
  const busy = new Map<string, number>();

  async function markFailed(webhook: WebhookRecord, ctx: MessageContext): Promise<boolean> {
    const now = deps.now();
    let disabledNow = false;
    const updated = await deps.webhooks.update(webhook.webhookId, (current) => {
      const firstFailureAt = current.firstFailureAt ?? new Date(now).toISOString();
      disabledNow = current.status === 'active' && now - Date.parse(firstFailureAt) >= DISABLE_AFTER_MS;
      return disabledNow
        ? { ...current, firstFailureAt, status: 'disabled', disabledAt: new Date(now).toISOString() }
        : current.firstFailureAt
          ? null
          : { ...current, firstFailureAt };
    });
    if (disabledNow) {
      deps.metrics.disabled();
      ctx.logger.warn(
        { webhookId: webhook.webhookId, tenantId: webhook.tenantId, firstFailureAt: updated?.firstFailureAt },
        'webhook disabled after 5 days of failed deliveries',
      );
    }
    return updated?.status === 'disabled';
  }

  async function attempt(job: WebhookDelivery, webhook: WebhookRecord, ctx: MessageContext): Promise<void> {
    const body = JSON.stringify({ type: job.type, timestamp: job.timestamp, data: job.data });
    const sentAt = new Date(deps.now());
    let secret: string;
    try {
      secret = deps.webhooks.secretOf(webhook);
    } catch (error) {
      // Sealed under a key no longer configured: no attempt can ever sign it.
      throw new PermanentError('webhook_secret_unreadable', 'the webhook secret does not open', {
        cause: error,
      });
    }
    const headers = {
      'webhook-id': job.eventId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(job.eventId, sentAt, body),
    };
    const attributes = {
      'li_bus.webhook_id': job.webhookId,
      'li_bus.connection_id': job.connectionId,
      ...(job.postRequestId ? { 'li_bus.request_id': job.postRequestId } : {}),
      'webhook.event_type': job.type,
      'webhook.attempt': ctx.attempt,
      'http.request.method': 'POST',
      'server.address': new URL(webhook.url).host,
    };
    await inSpan('webhook deliver', SpanKind.CLIENT, attributes, async (span) => {
      const status = await deps.sender.send(webhook.url, headers, body);
      span.setAttribute('http.response.status_code', status);
    });
  }

  async function deliver(job: WebhookDelivery, ctx: MessageContext): Promise<void> {
    const webhook = await deps.webhooks.get(job.webhookId);
    if (!webhook || webhook.status !== 'active' || webhook.tenantId !== job.tenantId) {
      deps.metrics.delivery('dropped');
      ctx.logger.debug({ webhookId: job.webhookId }, 'webhook gone or disabled; delivery dropped');
      return;
    }
    const running = busy.get(job.tenantId) ?? 0;
    if (running >= perTenant) throw new TenantBusyError('the tenant has deliveries in flight');
    busy.set(job.tenantId, running + 1);
    try {
      await attempt(job, webhook, ctx);
    } catch (error) {
      if (!(error instanceof DeliveryFailedError)) throw error;
      deps.metrics.delivery('failed');
      if (await markFailed(webhook, ctx)) return;
      const age = deps.now() - (ctx.publishedAtMs ?? deps.now());
      const delay = nextRetryDelay(age, deps.retryDelaysMs);
      if (delay === undefined) {
        deps.metrics.delivery('gave_up');
        ctx.logger.warn(
          { webhookId: job.webhookId, deliveryId: job.eventId },
          'webhook delivery given up after 24 h',
        );
        return;
      }
      ctx.logger.info(
        { webhookId: job.webhookId, deliveryId: job.eventId, reason: error.message },
        'webhook delivery failed',
      );
      throw new DeliveryFailedError(error.message, {
        retryAfterMs: Math.round(Math.max(delay, error.retryAfterMs ?? 0)),
      });
    } finally {
      const left = (busy.get(job.tenantId) ?? 1) - 1;
      if (left > 0) busy.set(job.tenantId, left);
      else busy.delete(job.tenantId);
    }
    deps.metrics.delivery('delivered');
    if (!webhook.firstFailureAt) return;
    // Delivered: never let bookkeeping send it again.
    await deps.webhooks
      .update(webhook.webhookId, ({ firstFailureAt: _cleared, ...current }) => current)
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'could not clear the failure mark'));
  }

  return runConsumer({
    nc: deps.nc,
    stream: WEBHOOK_STREAM.name,
    durable: deps.durable,
    subject: SUBJECTS.webhookDelivery,
    schema: webhookDelivery,
    logger: deps.logger,
    concurrency: deps.concurrency,
    // Attempts are bounded by time (24 h, see nextRetryDelay), not by count.
    maxAttempts: Number.MAX_SAFE_INTEGER,
    // Jobs waiting out a retry delay stay ack-pending: they must never hold up fresh ones.
    maxAckPending: 100_000,
    handle: deliver,
  });
}
