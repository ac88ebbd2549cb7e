import { createEventPublisher } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { bootstrapService, createProbeApp, registerHttpClientMetrics } from '@li-bus/service-kit';
import { createNatsTokenKeeperClient } from '@li-bus/token-keeper-client';
import { buildPublisher } from './app.ts';
import { loadConfig } from './config.ts';
import { createDeadLetters } from './dead-letter.ts';
import { openPostEdits } from './edit-consumers.ts';
import { createKvLedger } from './ledger.ts';
import { createCommentsClient } from './linkedin/comments-client.ts';
import { createMediaClient } from './linkedin/media-client.ts';
import { createPostsClient, versionRefusalOf } from './linkedin/posts-client.ts';
import { openLinkedInVersions } from '@li-bus/linkedin-versions';
import { createHttpsSource } from './media/https-source.ts';
import { createMediaFetchMetrics } from './media/media-fetch-metrics.ts';
import { createMediaSource } from './media/media-source.ts';
import { createObjectSource } from './media/object-source.ts';
import { createKvMemberThrottle } from './member-throttle.ts';
import { createKvQuotaCounter } from './quota-counter.ts';
import { createQuotaMetrics } from './quota-metrics.ts';
import { PUBLISHER_CONSUMERS } from './nats-resources.ts';
import { createTokenCache } from './token-cache.ts';

const config = loadConfig();
const { logger, nc, registry, shutdown } = await bootstrapService({
  name: 'publisher',
  config,
  consumers: PUBLISHER_CONSUMERS,
});
const throttle = await createKvMemberThrottle(nc, { replicas: config.streamReplicas });
registerHttpClientMetrics(registry, 'linkedin_requests_total');
const mediaDeps = {
  logger: logger.child({ component: 'media' }),
  metrics: createMediaFetchMetrics(registry),
};
const https = createHttpsSource(config.media, mediaDeps);
const events = createEventPublisher(nc);
// LINKEDIN_VERSION failover shared by every replica (NATS KV), with its metrics, event and sunset warning.
const linkedin = await openLinkedInVersions({
  nc,
  configured: config.linkedin.versions,
  refusalOf: versionRefusalOf,
  events,
  registry,
  logger,
  service: 'publisher',
  replicas: config.streamReplicas,
});
const rest = { ...config.linkedin, version: linkedin.versions };
// `tokens.get` once per connection, not per post: dropped at once by every token event naming the connection.
const tokenKeeper = await createTokenCache(nc, createNatsTokenKeeperClient(nc), {
  logger: logger.child({ component: 'token-cache' }),
});
const publisher = buildPublisher({
  ...config,
  nc,
  registry,
  tokenKeeper,
  events,
  ledger: await createKvLedger(nc, { replicas: config.streamReplicas }),
  throttle,
  deadLetters: createDeadLetters(nc),
  posts: createPostsClient(rest),
  comments: createCommentsClient(rest),
  quota: await createKvQuotaCounter(nc, { replicas: config.streamReplicas, ...createQuotaMetrics(registry) }),
  edits: await openPostEdits(nc, rest, { replicas: config.streamReplicas }),
  media: createMediaClient(rest),
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

shutdown({
  intake: [
    { name: 'stop intake and finish in-flight', run: () => publisher.stop() },
    { name: 'stop watching throttles', run: () => throttle.close() },
  ],
  close: [
    {
      name: 'close HTTP',
      run: () => Promise.all([probes.close(), publisher.http.close(), https.close()]).then(() => undefined),
    },
  ],
});
