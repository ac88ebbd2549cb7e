import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { postCancelRequested, postRequested, STREAMS, SUBJECTS } from '@li-bus/contracts';
import { runConsumer, type EventPublisher, type RunningConsumer } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import { createMetricsRegistry, createOpsApp, type Registry, type WorkerService } from '@li-bus/service-kit';
import type { DeadLetters } from './dead-letter.ts';
import { startEditConsumers, type PostEditsDeps } from './edit-consumers.ts';
import { createFirstCommenter } from './first-comment.ts';
import { createCancelHandler } from './handle-cancel.ts';
import { createPostHandler } from './handle-post.ts';
import type { PublishLedger } from './ledger.ts';
import type { CommentsClient } from './linkedin/comments-client.ts';
import type { MediaClient } from './linkedin/media-client.ts';
import type { PostsClient } from './linkedin/posts-client.ts';
import type { MediaSource } from './media/media-source.ts';
import { createContentPreparer } from './media/prepare-content.ts';
import type { MemberThrottle } from './member-throttle.ts';
import { createFailureReporter } from './outcomes.ts';
import { instrumentPublisher } from './post-metrics.ts';
import type { QuotaCounter } from './quota-counter.ts';
import { backoffSchedule, createRetryPolicy } from './retry-policy.ts';
import { registerScheduleMetrics } from './schedule-metrics.ts';
import { createHolder } from './schedules/hold-request.ts';
import { createScheduleCapacity } from './schedules/schedule-capacity.ts';
import { ensureScheduleStreams } from './schedules/schedule-streams.ts';
import { DUE_SUBJECT, SCHEDULES_STREAM } from './schedules/schedule-subjects.ts';
import { createScheduler } from './schedules/scheduler.ts';
import { createWaitingCount } from './schedules/waiting-count.ts';

export interface PublisherDeps {
  nc: NatsConnection;
  /** `tokens.get`: the connection's sealed access token. */
  tokenKeeper: Pick<TokenKeeperClient, 'get'>;
  events: EventPublisher;
  ledger: PublishLedger;
  throttle: MemberThrottle;
  deadLetters: DeadLetters;
  posts: PostsClient;
  /** LinkedIn's Comments API, for `firstComment`. */
  comments: CommentsClient;
  /** Creates per member and UTC day (the `publisher_quota` bucket the gateway reads). */
  quota: QuotaCounter;
  media: MediaClient;
  mediaSource: MediaSource;
  keyring: Keyring;
  logger: Logger;
  concurrency: number;
  maxAttempts: number;
  /** The backoff schedule (ms after the 1st, 2nd, … failed attempt; the last repeats). */
  backoffMs: number[];
  /** The LinkedIn HTTP timeout: an armed create belongs to its handler a little longer than this. */
  httpTimeoutMs: number;
  throttleRecheckMs: number;
  ackWaitMs?: number;
  maxAckPending?: number;
  videoPoll?: { firstMs: number; maxMs: number; timeoutMs: number };
  now?: () => number;
  /** Prometheus registry served on /metrics. */
  registry?: Registry;
  /** Edits and deletes of published posts (`post.update.requested`, `post.delete.requested`); off without. */
  edits?: PostEditsDeps;
  /** `PUBLISH_MAX_SCHEDULED_PER_CONNECTION`: waiting requests one connection may have (default 100,000). */
  maxScheduledPerConnection?: number;
  /** Replicas of the publisher's own streams (`STREAM_REPLICAS`). */
  streamReplicas?: number;
}

/** The `post.requested` consumer. */
export type Publisher = WorkerService;

export const PUBLISHER_DURABLE = 'publisher';
/** Requests delivered by their server-side schedule (`publisher.schedule.due`), handled like fresh ones. */
export const DUE_DURABLE = 'publisher-due';
/** `post.cancel.requested`. */
export const CANCEL_DURABLE = 'publisher-cancel';

export function buildPublisher(deps: PublisherDeps): Publisher {
  const now = deps.now ?? Date.now;
  let consumer: RunningConsumer | undefined;
  let editConsumers: RunningConsumer[] = [];
  let waitConsumers: RunningConsumer[] = [];
  const registry = deps.registry ?? createMetricsRegistry('publisher');
  const metrics = instrumentPublisher(registry);
  const events = metrics.events(deps.events);
  const { http, readiness } = createOpsApp(
    deps.logger,
    {
      nats: () => !deps.nc.isClosed(),
      consumer: () => consumer !== undefined,
    },
    registry,
  );
  const scheduler = createScheduler(deps.nc);
  const waiting = createWaitingCount(deps.nc);
  const handle = createPostHandler({
    ...deps,
    events,
    now,
    waiting,
    prepareContent: createContentPreparer({
      source: deps.mediaSource,
      media: deps.media,
      poll: deps.videoPoll ?? { firstMs: 500, maxMs: 10_000, timeoutMs: 600_000 },
      imageConcurrency: 4,
    }),
    afterFailure: createRetryPolicy({
      ledger: deps.ledger,
      maxAttempts: deps.maxAttempts,
      backoffMs: backoffSchedule(deps.backoffMs),
    }),
    createLeaseMs: deps.httpTimeoutMs + 1000,
    commentOnce: createFirstCommenter({
      ...deps,
      now,
      createLeaseMs: deps.httpTimeoutMs + 1000,
      retryMs: backoffSchedule(deps.backoffMs)(1),
    }),
  });
  const report = createFailureReporter({ ...deps, events, now, waiting });
  const capacity = createScheduleCapacity(deps.nc);
  registerScheduleMetrics(registry, capacity);
  const hold = createHolder({
    ledger: deps.ledger,
    scheduler,
    waiting,
    capacity,
    maxScheduledPerConnection: deps.maxScheduledPerConnection ?? 100_000,
  });

  return {
    http,
    readiness,
    async start() {
      await ensureScheduleStreams(deps.nc, { replicas: deps.streamReplicas ?? 1 });
      const posts = {
        nc: deps.nc,
        schema: postRequested,
        logger: deps.logger.child({ component: 'consumer' }),
        concurrency: deps.concurrency,
        // Attempts are counted in the ledger (waits are free); the handler says when to give up.
        maxAttempts: Number.MAX_SAFE_INTEGER,
        ...(deps.ackWaitMs ? { ackWaitMs: deps.ackWaitMs } : {}),
        // Waiting requests are held by server-side schedules (onDefer), not by this window.
        maxAckPending: deps.maxAckPending ?? 100_000,
        handle: metrics.handler(handle),
        onDefer: hold,
        now,
        onInvalid: report.invalid,
        onGiveUp: report.gaveUp,
      };
      consumer = await runConsumer({
        ...posts,
        stream: STREAMS.posts.name,
        durable: PUBLISHER_DURABLE,
        subject: SUBJECTS.postRequested,
      });
      waitConsumers = await Promise.all([
        runConsumer({ ...posts, stream: SCHEDULES_STREAM, durable: DUE_DURABLE, subject: DUE_SUBJECT }),
        runConsumer({
          nc: deps.nc,
          stream: STREAMS.posts.name,
          durable: CANCEL_DURABLE,
          subject: SUBJECTS.postCancelRequested,
          schema: postCancelRequested,
          logger: deps.logger.child({ component: 'cancel-consumer' }),
          concurrency: deps.concurrency,
          handle: createCancelHandler({ ledger: deps.ledger, events, scheduler, waiting, now }),
        }),
      ]);
      if (deps.edits) {
        editConsumers = await startEditConsumers({
          ...deps,
          edits: deps.edits,
          now,
          backoffMs: backoffSchedule(deps.backoffMs),
          onInvalid: report.invalid,
        });
      }
    },
    async stop() {
      readiness.markClosing();
      await Promise.all([consumer?.stop(), ...[...waitConsumers, ...editConsumers].map((c) => c.stop())]);
    },
  };
}
