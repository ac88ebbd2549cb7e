import { connectNats, createEventPublisher, ensureStreams, DEFAULT_STREAM_OPTIONS } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { createLogger, createReadiness, installShutdown } from '@li-bus/service-kit';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createKvConnectSessionStore } from './connect-sessions.ts';

const config = loadConfig();
const logger = createLogger({ service: 'auth-gateway', level: config.logLevel });
const nc = await connectNats({ url: config.natsUrl, name: 'auth-gateway', logger });
await ensureStreams(nc, { ...DEFAULT_STREAM_OPTIONS, replicas: config.streamReplicas });
const readiness = createReadiness({ nats: () => !nc.isClosed() });
const app = await buildApp({
  config,
  sessions: await createKvConnectSessionStore(nc),
  events: createEventPublisher(nc),
  keyring: createKeyring(config.tokenEncryptionKeys),
  logger,
  readiness,
  now: Date.now,
});
await app.listen({ port: config.port, host: '0.0.0.0' });
logger.info({ connect: `${config.publicOrigin}/connect` }, 'auth-gateway ready');

installShutdown(logger, [
  { name: 'readiness to 503', run: () => readiness.markClosing() },
  { name: 'stop HTTP intake', run: () => app.close() },
  { name: 'drain NATS', run: () => nc.drain() },
]);
