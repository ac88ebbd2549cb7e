import { pino } from 'pino';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { createNatsTokenKeeperClient } from '@li-bus/token-keeper-client';
import { buildPublisher, type PublisherDeps } from '../src/app.ts';
import { createDeadLetters } from '../src/dead-letter.ts';
import { createKvLedger } from '../src/ledger.ts';
import { createCommentsClient } from '../src/linkedin/comments-client.ts';
import { createMediaClient } from '../src/linkedin/media-client.ts';
import { createPostsClient, type PostsClient } from '../src/linkedin/posts-client.ts';
import { createHttpsSource } from '../src/media/https-source.ts';
import { createMediaSource } from '../src/media/media-source.ts';
import { createObjectSource } from '../src/media/object-source.ts';
import { createKvMemberThrottle } from '../src/member-throttle.ts';
import { createKvQuotaCounter } from '../src/quota-counter.ts';
import { createTokenCache } from '../src/token-cache.ts';
import type { ContenderFactory } from './contender.ts';
import { countdown, pace } from './pace.ts';

/** The real publisher (ledger, throttle, events, sealing) with a clock on its create calls. */
export const createPublisherContender: ContenderFactory = async (infra, concurrency) => {
  const { nc } = infra;
  const version = currentApiVersion(Date.now());
  const events = createEventPublisher(nc);
  const createdAt = new Map<string, number>();
  const realPosts = createPostsClient({ apiBase: infra.emulatorUrl, version, timeoutMs: 15_000 });
  const posts: PostsClient = {
    create(token, body) {
      createdAt.set(String((body as { commentary?: unknown }).commentary), performance.now());
      return realPosts.create(token, body);
    },
  };
  const https = createHttpsSource({
    maxBytes: 1 << 20,
    timeoutMs: 5000,
    allowPrivateNetworks: false,
    insecureHttpHosts: [],
  });
  const throttle = await createKvMemberThrottle(nc);
  const deps: PublisherDeps = {
    nc,
    // As main.ts builds it: `tokens.get` through the publisher's token cache.
    tokenKeeper: await createTokenCache(nc, createNatsTokenKeeperClient(nc)),
    events,
    ledger: await createKvLedger(nc),
    throttle,
    deadLetters: createDeadLetters(nc),
    posts,
    comments: createCommentsClient({ apiBase: infra.emulatorUrl, version, timeoutMs: 15_000 }),
    quota: await createKvQuotaCounter(nc),
    media: createMediaClient({ apiBase: infra.emulatorUrl, version, timeoutMs: 15_000 }),
    mediaSource: createMediaSource({ https, natsObject: createObjectSource(nc, { maxBytes: 1 << 20 }) }),
    keyring: infra.keyring,
    logger: pino({ level: 'silent' }),
    concurrency,
    maxAttempts: 8,
    backoffMs: [200],
    httpTimeoutMs: 15_000,
    throttleRecheckMs: 60_000,
    maxAckPending: concurrency * 4,
  };
  let onPublished: ((requestId: string) => void) | undefined;
  const subscription = nc.subscribe(SUBJECTS.postPublished, {
    callback: (_error, message) => onPublished?.(message.json<{ requestId: string }>().requestId),
  });

  /** Runs a fresh publisher until `count` requests starting with `prefix` are published; returns ms. */
  async function running(prefix: string, count: number, during?: () => Promise<void>): Promise<number> {
    const all = countdown(count);
    onPublished = (requestId) => {
      if (requestId.startsWith(prefix)) all.mark();
    };
    const publisher = buildPublisher(deps);
    const started = performance.now();
    await publisher.start();
    await during?.();
    await all.done;
    const ms = performance.now() - started;
    await publisher.stop();
    return ms;
  }

  return {
    throughput: (batch) => running(batch.prefix, batch.count),
    async paced(round, count, rate) {
      const prefix = `paced-r${round}-`;
      const sentAt = new Map<string, number>();
      await running(prefix, count, () =>
        pace(count, rate, async (n) => {
          const text = `Paced post ${round}.${n}`;
          sentAt.set(text, performance.now());
          await events.publish(SUBJECTS.postRequested, {
            requestId: `${prefix}${n}`,
            connectionId: infra.connectionId,
            text,
          });
        }),
      );
      return [...sentAt].map(([text, at]) => (createdAt.get(text) ?? NaN) - at);
    },
    async close() {
      subscription.unsubscribe();
      throttle.close();
      await https.close();
    },
  };
};
