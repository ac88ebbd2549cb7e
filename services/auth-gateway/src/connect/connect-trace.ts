import { trace, type Span } from '@opentelemetry/api';
import { contextFromTraceparent, currentTraceparent, inSpan, SpanKind } from '@li-bus/messaging';

/**
 * The connect flow is one trace: `/oauth/linkedin/start` keeps its trace context with the flow's state, and the
 * callback continues it (the callback's own HTTP span is linked), so the LinkedIn calls, `token.issued` and
 * token-keeper's store hang under the request that started the connect.
 */
export function inConnectStartSpan<T>(tenantId: string, fn: (traceparent: string | undefined) => Promise<T>) {
  return inSpan('oauth start', SpanKind.INTERNAL, { 'li_bus.tenant_id': tenantId }, () =>
    fn(currentTraceparent()),
  );
}

export function inConnectCallbackSpan<T>(
  started: { tenantId: string; traceparent?: string | undefined },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const callbackRequest = trace.getActiveSpan()?.spanContext();
  return inSpan(
    'oauth callback',
    SpanKind.INTERNAL,
    { 'li_bus.tenant_id': started.tenantId },
    async (span) => {
      if (callbackRequest) span.addLink({ context: callbackRequest });
      return fn(span);
    },
    contextFromTraceparent(started.traceparent),
  );
}
