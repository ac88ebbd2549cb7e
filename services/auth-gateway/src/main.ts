import { bootstrapService, createOperatorApp, registerHttpClientMetrics } from '@li-bus/service-kit';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createGatewayDeps } from './create-deps.ts';
import { gatewayConsumers } from './nats-resources.ts';
import { startWorkers } from './workers.ts';

const config = loadConfig();
const { logger, nc, registry, shutdown } = await bootstrapService({
  name: 'auth-gateway',
  config,
  consumers: gatewayConsumers().all,
});
registerHttpClientMetrics(registry, 'linkedin_requests_total');
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

shutdown({
  intake: [
    { name: 'readiness to 503', run: () => readiness.markClosing() },
    { name: 'stop HTTP intake', run: () => app.close() },
    { name: 'finish refreshes and status updates', run: () => workers.stop() },
  ],
  close: [{ name: 'close operator HTTP', run: () => operator.close() }],
});
