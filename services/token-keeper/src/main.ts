import { createKeyring } from '@li-bus/sealing';
import { bootstrapService, createProbeApp } from '@li-bus/service-kit';
import { buildKeeper } from './app.ts';
import { loadConfig } from './config.ts';
import { TOKEN_KEEPER_CONSUMERS } from './nats-resources.ts';
import { createRedisClient } from './redis-client.ts';
import { createRedisSchedule } from './redis-schedule.ts';
import { createRedisTokenStore } from './redis-token-store.ts';

const config = loadConfig();
const { logger, nc, registry, shutdown } = await bootstrapService({
  name: 'token-keeper',
  config,
  consumers: TOKEN_KEEPER_CONSUMERS,
});
const redis = createRedisClient(config.redisUrl, { logger });
await redis.connect();
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

shutdown({
  intake: [{ name: 'stop scheduler, intake and finish in-flight', run: () => keeper.stop() }],
  close: [
    { name: 'quit Redis', run: () => redis.quit() },
    {
      name: 'close HTTP',
      run: () => Promise.all([probes.close(), keeper.http.close()]).then(() => undefined),
    },
  ],
});
