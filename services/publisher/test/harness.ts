import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { pino } from 'pino';
import { request } from 'undici';
import {
  QUOTA_BUCKET,
  STREAMS,
  SUBJECTS,
  type PostCancelled,
  type PostCancelRejected,
  type PostFailed,
  type PostPublished,
  type PostRequestedInput,
  type TokensGetReply,
} from '@li-bus/contracts';
import { createEventPublisher, ensureStreams } from '@li-bus/messaging';
import {
  createInMemoryTokenKeeper,
  handlersOf,
  serveTokenKeeper,
  type InMemoryTokenKeeper,
} from '@li-bus/token-keeper-client';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import type { Registry } from '@li-bus/service-kit';
import {
  createEmulatorAdmin,
  currentApiVersion,
  startEmulator,
  type EmulatorAdmin,
  type EmulatorMedia,
  type EmulatorPost,
  type FaultInput,
  type RequestLogEntry,
  type RunningEmulator,
} from '@li-bus/linkedin-emulator';
import { spawnService, type ServiceProcess } from '@li-bus/dev-stack';
import {
  freePort,
  startNatsWithConnection,
  useHarness,
  waitFor,
  type Defer,
  type ManagedServer,
  type SuiteHooks,
} from '@li-bus/testkit';
import { buildPublisher, PUBLISHER_DURABLE, type Publisher } from '../src/app.ts';
import { createDeadLetters } from '../src/dead-letter.ts';
import { openPostEdits } from '../src/edit-consumers.ts';
import { createKvLedger, LEDGER_BUCKET } from '../src/ledger.ts';
import { createCommentsClient } from '../src/linkedin/comments-client.ts';
import { createMediaClient } from '../src/linkedin/media-client.ts';
import { createPostsClient } from '../src/linkedin/posts-client.ts';
import { createHttpsSource } from '../src/media/https-source.ts';
import { createMediaFetchMetrics } from '../src/media/media-fetch-metrics.ts';
import { createMediaSource } from '../src/media/media-source.ts';
import { createObjectSource } from '../src/media/object-source.ts';
import { createKvMemberThrottle, THROTTLE_BUCKET } from '../src/member-throttle.ts';
import { createKvQuotaCounter, type QuotaCounter } from '../src/quota-counter.ts';
import { SCHEDULES_STREAM, WAITING_STREAM } from '../src/schedules/schedule-subjects.ts';
import { emulatorAccessToken, MEMBER_SCOPES, REDIRECT_URI } from '../bench/emulator-token.ts';
import { startMediaServer, type MediaServer } from './media-server.ts';

export { emulatorAccessToken, REDIRECT_URI };
const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export type Outcome =
  | { subject: typeof SUBJECTS.postPublished; body: PostPublished }
  | { subject: typeof SUBJECTS.postFailed; body: PostFailed }
  | { subject: typeof SUBJECTS.postCancelled; body: PostCancelled }
  | { subject: typeof SUBJECTS.postCancelRejected; body: PostCancelRejected };

export interface EmulatorComment {
  urn: string;
  object: string;
  actor: string;
  text: string;
  createdAt: number;
  deletedAt: number | null;
}

export interface PublisherOptions {
  version?: string;
  now?: () => number;
  maxAttempts?: number;
  backoffMs?: number[];
  throttleRecheckMs?: number;
  allowPrivateNetworks?: boolean;
  maxMediaBytes?: number;
  /** The publisher's /metrics registry; media fetches count into it too. */
  registry?: Registry;
  /** `PUBLISH_MAX_ACK_PENDING` (default 100,000). */
  maxAckPending?: number;
  /** `PUBLISH_MAX_SCHEDULED_PER_CONNECTION` (default 100,000). */
  maxScheduledPerConnection?: number;
}

export interface PublisherHarness {
  nc: NatsConnection;
  emulator: RunningEmulator;
  keyring: Keyring;
  /** `TOKEN_ENCRYPTION_KEYS` for a publisher run as its own process. */
  keySpec: string;
  natsUrl: string;
  /** The in-memory token-keeper: injected into in-process publishers, served on `tokens.*` for the others. */
  keeper: InMemoryTokenKeeper;
  /** Every `post.published` / `post.failed` / `post.cancelled` / `post.cancel.rejected` seen on the bus. */
  outcomes: Outcome[];
  /** A local HTTP server for media URLs (`https://` URLs to it are fetched over plain HTTP by config). */
  mediaServer: MediaServer;
  startPublisher(options?: PublisherOptions): Promise<Publisher>;
  /**
   * The publisher as its own process on this NATS and emulator (the crash tests SIGKILL it): `env` adds to or
   * overrides the short timeouts and retries it gets. Stop it yourself; a stopped one is stopped again at teardown.
   */
  spawnPublisherProcess(env?: Record<string, string>): Promise<ServiceProcess>;
  /** Connects the emulator's default member (or `memberSub`) under `connectionId` with a real, sealed token. */
  connect(
    connectionId: string,
    options?: {
      memberSub?: string;
      organizations?: TokensGetReply['organizations'];
      tenantId?: string;
      /** The scopes granted (default: posting as the member and Pages, reading back). */
      scopes?: string[];
    },
  ): Promise<TokensGetReply>;
  /** `GET /_emulator/comments`: every comment LinkedIn stored, as received. */
  comments(): Promise<EmulatorComment[]>;
  /** The daily create counter the publishers write (`publisher_quota`). */
  quota(): Promise<QuotaCounter>;
  requestPost(body: PostRequestedInput): Promise<void>;
  outcomeOf(requestId: string, count?: number): Promise<Outcome[]>;
  /** The emulator's typed admin client (`/_emulator/*`). */
  emulatorAdmin: EmulatorAdmin;
  posts(): Promise<EmulatorPost[]>;
  media(): Promise<EmulatorMedia[]>;
  requests(): Promise<RequestLogEntry[]>;
  postRequests(): Promise<RequestLogEntry[]>;
  addFault(fault: FaultInput): Promise<void>;
  /** Deliveries made by the publisher's durable consumer (redeliveries included), once all are acknowledged. */
  settledDeliveries(): Promise<number>;
  /** Restarts the test file's NATS server (same port and store); false for an external server, left alone. */
  restartNats(): Promise<boolean>;
}

/**
 * One NATS server per test file; per test a fresh emulator, fresh streams and ledger, an in-memory token-keeper
 * and a publisher built in-process with short retry delays.
 */
export function usePublisherHarness(hooks: SuiteHooks): () => PublisherHarness {
  return useHarness(hooks, 'publisher', {
    // As before the kit: a teardown step that fails (a stopped publisher stopped again) does not fail the test.
    teardown: 'lenient',
    file: (defer) => startNatsWithConnection(defer),
    each: ({ nc, natsUrl, server }, defer) => startPublisherTest(nc, natsUrl, server, defer),
  });
}

/** Per test: fresh streams and buckets, an emulator, an in-memory token-keeper, a media server. */
async function startPublisherTest(
  nc: NatsConnection,
  natsUrl: string,
  server: ManagedServer,
  defer: Defer,
): Promise<PublisherHarness> {
  const jsm = await jetstreamManager(nc);
  const kvStreams = [
    `KV_${LEDGER_BUCKET}`,
    `KV_${THROTTLE_BUCKET}`,
    `KV_${QUOTA_BUCKET}`,
    SCHEDULES_STREAM,
    WAITING_STREAM,
  ];
  for (const stream of [...Object.values(STREAMS).map((s) => s.name), ...kvStreams]) {
    await jsm.streams.delete(stream).catch(() => false);
  }
  await ensureStreams(nc);
  const emulator = await startEmulator({ app: { redirectUris: [REDIRECT_URI] } });
  defer(() => emulator.close());
  const keySpec = generateKeySpec('test');
  const keyring = createKeyring(keySpec);
  const keeper = createInMemoryTokenKeeper();
  const outcomes: Outcome[] = [];
  const watched = [
    SUBJECTS.postPublished,
    SUBJECTS.postFailed,
    SUBJECTS.postCancelled,
    SUBJECTS.postCancelRejected,
  ] as const;
  const subs: Subscription[] = watched.map((subject) =>
    nc.subscribe(subject, {
      callback: (_error, msg) => void outcomes.push({ subject, body: msg.json() } as Outcome),
    }),
  );
  defer(async () => subs.forEach((sub) => sub.unsubscribe()));
  await nc.flush();
  const service = await serveTokenKeeper(nc, { version: '0.0.0-test', logger, handlers: handlersOf(keeper) });
  defer(() => service.stop().then(() => undefined));
  const events = createEventPublisher(nc);
  const mediaServer = await startMediaServer();
  defer(() => mediaServer.close());

  const emulatorAdmin = createEmulatorAdmin(emulator.url);
  return {
    nc,
    emulator,
    keyring,
    keySpec,
    natsUrl,
    keeper,
    outcomes,
    mediaServer,
    async spawnPublisherProcess(env = {}) {
      const service = await spawnService({
        name: 'publisher',
        port: await freePort(),
        env: {
          NATS_URL: natsUrl,
          TOKEN_ENCRYPTION_KEYS: keySpec,
          LINKEDIN_API_BASE: emulator.url,
          LINKEDIN_VERSION: currentApiVersion(Date.now()),
          LOG_LEVEL: 'error',
          PUBLISH_ACK_WAIT_MS: '1500',
          HTTP_TIMEOUT_MS: '1500',
          PUBLISH_BACKOFF_MS: '100',
          PUBLISH_MAX_ATTEMPTS: '20',
          ...env,
        },
      });
      defer(() => service.stop().then(() => undefined));
      return service;
    },
    async startPublisher(options = {}) {
      const rest = {
        apiBase: emulator.url,
        version: options.version ?? currentApiVersion(Date.now()),
        timeoutMs: 2000,
      };
      const maxBytes = options.maxMediaBytes ?? 64 * 1024 * 1024;
      const mediaDeps = {
        logger,
        ...(options.registry ? { metrics: createMediaFetchMetrics(options.registry) } : {}),
      };
      const https = createHttpsSource(
        {
          maxBytes,
          timeoutMs: 5000,
          allowPrivateNetworks: options.allowPrivateNetworks ?? true,
          insecureHttpHosts: [mediaServer.host],
        },
        mediaDeps,
      );
      defer(() => https.close());
      const throttle = await createKvMemberThrottle(nc);
      defer(async () => throttle.close());
      const publisher = buildPublisher({
        nc,
        tokenKeeper: keeper,
        events,
        ledger: await createKvLedger(nc),
        throttle,
        deadLetters: createDeadLetters(nc),
        posts: createPostsClient(rest),
        comments: createCommentsClient(rest),
        quota: await createKvQuotaCounter(nc),
        edits: await openPostEdits(nc, rest),
        media: createMediaClient(rest),
        mediaSource: createMediaSource({
          https,
          natsObject: createObjectSource(nc, { maxBytes }, mediaDeps),
        }),
        keyring,
        logger,
        concurrency: 16,
        maxAttempts: options.maxAttempts ?? 5,
        backoffMs: options.backoffMs ?? [50],
        httpTimeoutMs: rest.timeoutMs,
        throttleRecheckMs: options.throttleRecheckMs ?? 100,
        videoPoll: { firstMs: 100, maxMs: 1000, timeoutMs: 10_000 },
        ...(options.now ? { now: options.now } : {}),
        ...(options.registry ? { registry: options.registry } : {}),
        ...(options.maxAckPending ? { maxAckPending: options.maxAckPending } : {}),
        ...(options.maxScheduledPerConnection
          ? { maxScheduledPerConnection: options.maxScheduledPerConnection }
          : {}),
      });
      await publisher.start();
      defer(() => publisher.stop());
      return publisher;
    },
    async connect(connectionId, options = {}) {
      const scopes = options.scopes ?? MEMBER_SCOPES;
      const accessToken = await emulatorAccessToken(emulator, options.memberSub, scopes);
      const sub = options.memberSub ?? emulator.defaultMember.sub;
      const reply: TokensGetReply = {
        connectionId,
        tenantId: options.tenantId ?? 'tenant-a',
        accessToken: keyring.seal(accessToken, connectionId),
        accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
        member: { sub, name: 'Test Member' },
        organizations: options.organizations ?? [],
        scopes,
        status: 'active',
      };
      keeper.store({ ...reply, issuedAt: new Date().toISOString() });
      return reply;
    },
    async requestPost(body) {
      await events.publish(SUBJECTS.postRequested, body);
    },
    async outcomeOf(requestId, count = 1) {
      return waitFor(
        () => {
          const found = outcomes.filter((o) => o.body.requestId === requestId);
          return found.length >= count ? found : undefined;
        },
        { timeoutMs: 5000, message: `no outcome for ${requestId}` },
      );
    },
    emulatorAdmin,
    posts: () => emulatorAdmin.posts(),
    async comments() {
      const response = await request(`${emulator.url}/_emulator/comments`);
      return (await response.body.json()) as EmulatorComment[];
    },
    quota: () => createKvQuotaCounter(nc),
    media: () => emulatorAdmin.media(),
    requests: () => emulatorAdmin.requests(),
    async postRequests() {
      const all = await emulatorAdmin.requests();
      return all.filter((r) => r.method === 'POST' && r.path === '/rest/posts');
    },
    async addFault(fault) {
      await emulatorAdmin.addFault(fault);
    },
    async restartNats() {
      if (server.external) return false;
      await server.restart();
      // The test's connection reconnects by itself; JetStream answers once the store is read back.
      await waitFor(() => jsm.streams.info(STREAMS.posts.name).then(Boolean), { timeoutMs: 20_000 });
      return true;
    },
    async settledDeliveries() {
      return waitFor(async () => {
        const info = await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
        const settled = info.num_pending === 0 && info.num_ack_pending === 0;
        return settled ? info.delivered.consumer_seq : undefined;
      });
    },
  };
}
