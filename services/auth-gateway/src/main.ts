import { flushTelemetry } from '@li-bus/telemetry';
import {
  connectNats,
  ensureStreams,
  DEFAULT_STREAM_OPTIONS,
  registerConsumerMetrics,
} from '@li-bus/messaging';
import { STREAMS } from '@li-bus/contracts';
import {
  createLogger,
  createMetricsRegistry,
  createOperatorApp,
  installShutdown,
  registerHttpClientMetrics,
} from '@li-bus/service-kit';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createGatewayDeps } from './create-deps.ts';
import { startWorkers } from './workers.ts';
import { webhookConsumers } from './webhooks/start-webhooks.ts';

const config = loadConfig();
const logger = createLogger({ service: 'auth-gateway', level: config.logLevel });
const nc = await connectNats({ url: config.natsUrl, name: 'auth-gateway', logger });
await ensureStreams(nc, { ...DEFAULT_STREAM_OPTIONS, replicas: config.streamReplicas });
const registry = createMetricsRegistry('auth-gateway');
registerHttpClientMetrics(registry, 'linkedin_requests_total');
registerConsumerMetrics(registry, nc, [
  { stream: STREAMS.tokens.name, durable: 'auth-gateway-refresh' },
  { stream: STREAMS.posts.name, durable: 'auth-gateway-post-status-published' },
  { stream: STREAMS.posts.name, durable: 'auth-gateway-post-status-failed' },
  ...webhookConsumers('auth-gateway'),
]);
const deps = await createGatewayDeps(nc, config, { logger, registry });
const readiness = deps.readiness;
const app = await buildApp(deps);
const workers = await startWorkers(nc, deps);
await app.listen({ port: config.port, host: '0.0.0.0' });
// Operator endpoints (/metrics) on their own port, which the public Service does not expose.
const operator = createOperatorApp(logger, { readiness, registry });
await operator.listen({ port: config.metricsPort, host: '0.0.0.0' });
logger.info(
  { connect: `${config.publicOrigin}/connect`, metrics: `http://localhost:${config.metricsPort}/metrics` },
  'auth-gateway ready',
);

installShutdown(logger, [
  { name: 'readiness to 503', run: () => readiness.markClosing() },
  { name: 'stop HTTP intake', run: () => app.close() },
  { name: 'finish refreshes and status updates', run: () => workers.stop() },
  { name: 'drain NATS', run: () => nc.drain() },
  { name: 'close operator HTTP', run: () => operator.close() },
  { name: 'flush telemetry', run: flushTelemetry },
]);
