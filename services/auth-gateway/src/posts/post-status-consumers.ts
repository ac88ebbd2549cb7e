import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { postFailed, postPublished, STREAMS, SUBJECTS } from '@li-bus/contracts';
import { runConsumer, type RunningConsumer } from '@li-bus/messaging';
import type { PostStatusStore } from './post-status-store.ts';

/** Keeps the HTTP status view current from `post.published` and `post.failed`. */
export async function startPostStatusConsumers(deps: {
  nc: NatsConnection;
  store: PostStatusStore;
  logger: Logger;
  durablePrefix?: string;
}): Promise<RunningConsumer[]> {
  const prefix = deps.durablePrefix ?? 'auth-gateway-post-status';
  const common = { nc: deps.nc, stream: STREAMS.posts.name, logger: deps.logger, concurrency: 4 };
  return Promise.all([
    runConsumer({
      ...common,
      durable: `${prefix}-published`,
      subject: SUBJECTS.postPublished,
      schema: postPublished,
      handle: (event) =>
        deps.store.update(event.requestId, {
          status: 'published',
          postUrn: event.postUrn,
          postUrl: event.postUrl,
          publishedAt: event.publishedAt,
        }),
    }),
    runConsumer({
      ...common,
      durable: `${prefix}-failed`,
      subject: SUBJECTS.postFailed,
      schema: postFailed,
      handle: (event) =>
        event.requestId === 'unknown'
          ? Promise.resolve()
          : deps.store.update(event.requestId, {
              status: 'failed',
              code: event.code,
              message: event.message,
            }),
    }),
  ]);
}
