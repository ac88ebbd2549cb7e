import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { postRequested, STREAMS, SUBJECTS } from '@li-bus/contracts';
import { runConsumer, type EventPublisher, type RunningConsumer } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { createOpsApp, type WorkerService } from '@li-bus/service-kit';
import { createPostHandler } from './handle-post.ts';
import type { PublishLedger } from './ledger.ts';
import type { PostsClient } from './linkedin/posts-client.ts';
import { createFailureReporter } from './outcomes.ts';

export interface PublisherDeps {
  nc: NatsConnection;
  events: EventPublisher;
  ledger: PublishLedger;
  posts: PostsClient;
  keyring: Keyring;
  logger: Logger;
  concurrency: number;
  maxAttempts: number;
  retryDelayMs?: (attempt: number) => number;
  now?: () => number;
}

/** The `post.requested` consumer. */
export type Publisher = WorkerService;

export const PUBLISHER_DURABLE = 'publisher';

export function buildPublisher(deps: PublisherDeps): Publisher {
  const now = deps.now ?? Date.now;
  let consumer: RunningConsumer | undefined;
  const { http, readiness } = createOpsApp(deps.logger, {
    nats: () => !deps.nc.isClosed(),
    consumer: () => consumer !== undefined,
  });
  const handle = createPostHandler({ ...deps, now });
  const report = createFailureReporter({ ...deps, now });

  return {
    http,
    readiness,
    async start() {
      consumer = await runConsumer({
        nc: deps.nc,
        stream: STREAMS.posts.name,
        durable: PUBLISHER_DURABLE,
        subject: SUBJECTS.postRequested,
        schema: postRequested,
        logger: deps.logger.child({ component: 'consumer' }),
        concurrency: deps.concurrency,
        maxAttempts: deps.maxAttempts,
        ...(deps.retryDelayMs ? { retryDelayMs: deps.retryDelayMs } : {}),
        handle,
        onInvalid: report.invalid,
        onGiveUp: report.gaveUp,
      });
    },
    async stop() {
      readiness.markClosing();
      await consumer?.stop();
    },
  };
}
