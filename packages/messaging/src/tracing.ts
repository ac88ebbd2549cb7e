import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

const tracer = () => trace.getTracer('@li-bus/messaging');

/** Span attributes that let an operator find a post's trace by its ids. */
export function idAttributes(body: unknown): Record<string, string> {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  if (typeof fields['requestId'] === 'string') out['li_bus.request_id'] = fields['requestId'];
  if (typeof fields['connectionId'] === 'string') out['li_bus.connection_id'] = fields['connectionId'];
  return out;
}

/** Runs `fn` inside an active span (child of `parent`), recording failures; near free without an SDK. */
export async function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string | number>,
  fn: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer().startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * A span named by the messaging conventions (`<subject> publish` PRODUCER, `<subject> process` CONSUMER,
 * `<subject> request` CLIENT, `<subject> respond` SERVER), with `messaging.system = nats`.
 */
export function inMessagingSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string | number>,
  fn: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return inSpan(name, kind, { 'messaging.system': 'nats', ...attributes }, fn, parent);
}

export { SpanKind };
