export { connectNats, parseNatsUrl } from './connection.ts';
export type { ConnectOptions } from './connection.ts';
export {
  isServerVersionAtLeast,
  MIN_NATS_SERVER_VERSION,
  NatsServerTooOldError,
  parseServerVersion,
  requireNatsServerVersion,
} from './server-version.ts';
export { ensureStreams, DEFAULT_STREAM_OPTIONS, DEFAULT_STREAM_MAX_BYTES } from './streams.ts';
export type { StreamOptions } from './streams.ts';
export { openKvBucket, BUCKET_MAX_BYTES } from './kv-bucket.ts';
export type { KvBucketOptions } from './kv-bucket.ts';
export { createEventPublisher, messageIdOf } from './event-publisher.ts';
export type { EventPublisher, PublishResult } from './event-publisher.ts';
export { runConsumer, defaultRetryDelay } from './consumer.ts';
export { handled } from './handler-outcome.ts';
export type { HandlerOutcome } from './handler-outcome.ts';
export type { ConsumerOptions, InvalidMessage, MessageContext, RunningConsumer } from './consumer.ts';
export { ensureDurableConsumer } from './consumer-setup.ts';
export {
  injectTraceContext,
  extractTraceContext,
  currentTraceparent,
  contextFromTraceparent,
} from './trace-headers.ts';
export { serveEndpoints } from './service-endpoints.ts';
export type { EndpointSpec, ServeEndpointsOptions } from './service-endpoints.ts';
export { requestService } from './service-request.ts';
export { ServiceReplyError } from './service-reply-error.ts';
export { TransientError, PermanentError } from './errors.ts';
export { registerConsumerMetrics } from './consumer-metrics.ts';
export { inSpan, inMessagingSpan, idAttributes, SpanKind } from './tracing.ts';
