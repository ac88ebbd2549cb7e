import { connectNats, createEventPublisher, ensureStreams, DEFAULT_STREAM_OPTIONS } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { createLogger, installShutdown } from '@li-bus/service-kit';
import { buildPublisher } from './app.ts';
import { loadConfig } from './config.ts';
import { createKvLedger } from './ledger.ts';
import { createPostsClient } from './linkedin/posts-client.ts';

const config = loadConfig();
const logger = createLogger({ service: 'publisher', level: config.logLevel });
const nc = await connectNats({ url: config.natsUrl, name: 'publisher', logger });
await ensureStreams(nc, { ...DEFAULT_STREAM_OPTIONS, replicas: config.streamReplicas });
const publisher = buildPublisher({
  nc,
  events: createEventPublisher(nc),
  ledger: await createKvLedger(nc, { replicas: config.streamReplicas }),
  posts: createPostsClient(config.linkedin),
  keyring: createKeyring(config.tokenEncryptionKeys),
  logger,
  concurrency: config.concurrency,
  maxAttempts: config.maxAttempts,
});
await publisher.start();
await publisher.http.listen({ port: config.port, host: '0.0.0.0' });

installShutdown(logger, [
  { name: 'stop intake and finish in-flight', run: () => publisher.stop() },
  { name: 'drain NATS', run: () => nc.drain() },
  { name: 'close HTTP', run: () => publisher.http.close() },
]);
