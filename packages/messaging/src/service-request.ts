import { ServiceError } from '@nats-io/services';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { z } from 'zod';
import { ServiceReplyError } from './service-reply-error.ts';
import { injectTraceContext } from './trace-headers.ts';
import { idAttributes, inMessagingSpan, SpanKind } from './tracing.ts';

/**
 * Asks a NATS services API endpoint in a `<subject> request` span (with `traceparent`): the reply parsed with
 * `reply`, or a `ServiceReplyError` carrying the service error (`code`: its name, `status`, the reply's text).
 */
export async function requestService<T extends z.ZodType>(
  nc: NatsConnection,
  subject: string,
  body: unknown,
  options: { reply: T; timeoutMs?: number },
): Promise<z.infer<T>> {
  const attributes = { 'messaging.destination.name': subject, ...idAttributes(body) };
  const reply = await inMessagingSpan(`${subject} request`, SpanKind.CLIENT, attributes, () => {
    const h = headers();
    injectTraceContext(h);
    return nc.request(subject, JSON.stringify(body), { timeout: options.timeoutMs ?? 3000, headers: h });
  });
  if (ServiceError.isServiceError(reply)) {
    const error = ServiceError.toServiceError(reply);
    const code = error?.message ?? 'internal';
    throw new ServiceReplyError(code, error?.code ?? 500, reply.string() || code, { cause: error });
  }
  return options.reply.parse(reply.json());
}
