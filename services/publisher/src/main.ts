import { flushTelemetry } from '@li-bus/telemetry';
import { STREAMS } from '@li-bus/contracts';
import {
  connectNats,
  createEventPublisher,
  ensureStreams,
  DEFAULT_STREAM_OPTIONS,
  registerConsumerMetrics,
} from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import {
  createLogger,
  createMetricsRegistry,
  createProbeApp,
  installShutdown,
  registerHttpClientMetrics,
} from '@li-bus/service-kit';
import { buildPublisher, PUBLISHER_DURABLE } from './app.ts';
import { loadConfig } from './config.ts';
import { createDeadLetters } from './dead-letter.ts';
import { createKvLedger } from './ledger.ts';
import { createMediaClient } from './linkedin/media-client.ts';
import { createPostsClient } from './linkedin/posts-client.ts';
import { createHttpsSource } from './media/https-source.ts';
import { createMediaFetchMetrics } from './media/media-fetch-metrics.ts';
import { createMediaSource } from './media/media-source.ts';
import { createObjectSource } from './media/object-source.ts';
import { createKvMemberThrottle } from './member-throttle.ts';

const config = loadConfig();
const logger = createLogger({ service: 'publisher', level: config.logLevel });
const nc = await connectNats({ url: config.natsUrl, name: 'publisher', logger });
await ensureStreams(nc, { ...DEFAULT_STREAM_OPTIONS, replicas: config.streamReplicas });
const throttle = await createKvMemberThrottle(nc, { replicas: config.streamReplicas });
const registry = createMetricsRegistry('publisher');
registerHttpClientMetrics(registry, 'linkedin_requests_total');
const mediaDeps = {
  logger: logger.child({ component: 'media' }),
  metrics: createMediaFetchMetrics(registry),
};
const https = createHttpsSource(config.media, mediaDeps);
registerConsumerMetrics(registry, nc, [{ stream: STREAMS.posts.name, durable: PUBLISHER_DURABLE }]);
const publisher = buildPublisher({
  ...config,
  nc,
  registry,
  events: createEventPublisher(nc),
  ledger: await createKvLedger(nc, { replicas: config.streamReplicas }),
  throttle,
  deadLetters: createDeadLetters(nc),
  posts: createPostsClient(config.linkedin),
  media: createMediaClient(config.linkedin),
  mediaSource: createMediaSource({ https, natsObject: createObjectSource(nc, config.media, mediaDeps) }),
  keyring: createKeyring(config.tokenEncryptionKeys),
  logger,
  httpTimeoutMs: config.linkedin.timeoutMs,
  videoPoll: { firstMs: 500, maxMs: 10_000, timeoutMs: config.media.videoProcessingTimeoutMs },
});
await publisher.start();
// Probes on PORT; /metrics (and the probes) on METRICS_PORT, which no public Service exposes.
const probes = createProbeApp(logger, publisher.readiness);
await probes.listen({ port: config.port, host: '0.0.0.0' });
await publisher.http.listen({ port: config.metricsPort, host: '0.0.0.0' });

installShutdown(logger, [
  { name: 'stop intake and finish in-flight', run: () => publisher.stop() },
  { name: 'drain NATS', run: () => (throttle.close(), nc.drain()) },
  {
    name: 'close HTTP',
    run: () => Promise.all([probes.close(), publisher.http.close(), https.close()]).then(() => undefined),
  },
  { name: 'flush telemetry', run: flushTelemetry },
]);
