import { HttpError } from '../http/errors.ts';

/** The tenant has as many webhooks as it may. */
export class WebhookLimitError extends HttpError {
  constructor(max: number) {
    super(409, 'webhook_limit_reached', `a tenant may register at most ${max} webhooks`);
    this.name = 'WebhookLimitError';
  }
}

/** A delivery attempt that did not get a 2xx (status, timeout, refused address, network). */
export class DeliveryFailedError extends Error {
  readonly code = 'webhook_delivery_failed';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'DeliveryFailedError';
    this.retryAfterMs = options.retryAfterMs;
  }
}
