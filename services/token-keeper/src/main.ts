import { flushTelemetry } from '@li-bus/telemetry';
import { Redis } from 'ioredis';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import {
  connectNats,
  ensureStreams,
  DEFAULT_STREAM_OPTIONS,
  registerConsumerMetrics,
} from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { createLogger, createMetricsRegistry, createProbeApp, installShutdown } from '@li-bus/service-kit';
import { buildKeeper } from './app.ts';
import { durableOf } from './ingest.ts';
import { loadConfig } from './config.ts';
import { createRedisSchedule } from './redis-schedule.ts';
import { createRedisTokenStore } from './redis-token-store.ts';

const config = loadConfig();
const logger = createLogger({ service: 'token-keeper', level: config.logLevel });
const nc = await connectNats({ url: config.natsUrl, name: 'token-keeper', logger });
await ensureStreams(nc, { ...DEFAULT_STREAM_OPTIONS, replicas: config.streamReplicas });
const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
await redis.connect();
const registry = createMetricsRegistry('token-keeper');
const subjects = [
  SUBJECTS.tokenIssued,
  SUBJECTS.tokenRefreshed,
  SUBJECTS.tokenRevoked,
  SUBJECTS.tokenRefreshFailed,
];
registerConsumerMetrics(
  registry,
  nc,
  subjects.map((subject) => ({ stream: STREAMS.tokens.name, durable: durableOf(subject) })),
);
const keeper = buildKeeper({
  nc,
  store: createRedisTokenStore({ redis }),
  schedule: createRedisSchedule({ redis }),
  keyring: createKeyring(config.tokenEncryptionKeys),
  logger,
  policy: config.policy,
  scheduler: config.scheduler,
  censusIntervalMs: config.censusIntervalMs,
  registry,
  storeReady: () => redis.status === 'ready',
});
await keeper.start();
// Probes on PORT; /metrics (and the probes) on METRICS_PORT, which no public Service exposes.
const probes = createProbeApp(logger, keeper.readiness);
await probes.listen({ port: config.port, host: '0.0.0.0' });
await keeper.http.listen({ port: config.metricsPort, host: '0.0.0.0' });

installShutdown(logger, [
  { name: 'stop scheduler, intake and finish in-flight', run: () => keeper.stop() },
  { name: 'drain NATS', run: () => nc.drain() },
  { name: 'quit Redis', run: () => redis.quit() },
  { name: 'close HTTP', run: () => Promise.all([probes.close(), keeper.http.close()]).then(() => undefined) },
  { name: 'flush telemetry', run: flushTelemetry },
]);
