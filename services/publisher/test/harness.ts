import { jetstreamManager } from '@nats-io/jetstream';
import type { Service } from '@nats-io/services';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { pino } from 'pino';
import { request } from 'undici';
import {
  STREAMS,
  SUBJECTS,
  type PostFailed,
  type PostPublished,
  type PostRequestedInput,
  type TokensGetErrorCode,
  type TokensGetReply,
} from '@li-bus/contracts';
import { createEventPublisher, ensureStreams, serveTokenKeeper, TokensGetError } from '@li-bus/messaging';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import type { Registry } from '@li-bus/service-kit';
import {
  currentApiVersion,
  grantAccessToken,
  startEmulator,
  type RunningEmulator,
} from '@li-bus/linkedin-emulator';
import { startNats, waitFor, type ManagedServer } from '@li-bus/testkit';
import { buildPublisher, PUBLISHER_DURABLE, type Publisher } from '../src/app.ts';
import { createDeadLetters } from '../src/dead-letter.ts';
import { createKvLedger, LEDGER_BUCKET } from '../src/ledger.ts';
import { createMediaClient } from '../src/linkedin/media-client.ts';
import { createPostsClient } from '../src/linkedin/posts-client.ts';
import { createHttpsSource } from '../src/media/https-source.ts';
import { createMediaFetchMetrics } from '../src/media/media-fetch-metrics.ts';
import { createMediaSource } from '../src/media/media-source.ts';
import { createObjectSource } from '../src/media/object-source.ts';
import { createKvMemberThrottle, THROTTLE_BUCKET } from '../src/member-throttle.ts';
import { startMediaServer, type MediaServer } from './media-server.ts';

export const REDIRECT_URI = 'https://publisher-test.example/callback';
const MEMBER_SCOPES = [
  'openid',
  'profile',
  'email',
  'w_member_social',
  'r_member_social',
  'w_organization_social',
];
const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

export interface EmulatorPost {
  urn: string;
  author: string;
  commentary: string;
  submittedCommentary: string;
  visibility: string;
}

export interface EmulatorRequest {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  fault?: 'injected' | 'dropped';
}

export type Outcome =
  | { subject: typeof SUBJECTS.postPublished; body: PostPublished }
  | { subject: typeof SUBJECTS.postFailed; body: PostFailed };

/** What the stand-in token-keeper answers for a connection: a reply, or one of the service's error codes. */
export type TokensAnswer = TokensGetReply | TokensGetErrorCode;

async function json<T>(url: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> {
  const response = await request(url, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }
      : {}),
  });
  const body = (await response.body.json()) as T;
  if (response.statusCode >= 300) throw new Error(`${url} answered ${response.statusCode}`);
  return body;
}

/** A real access token from the emulator: consent (`emulator_decision=allow`), then the code exchange. */
export function emulatorAccessToken(
  emulator: Pick<RunningEmulator, 'url' | 'app'>,
  memberSub?: string,
): Promise<string> {
  return grantAccessToken(emulator, {
    redirectUri: REDIRECT_URI,
    scope: MEMBER_SCOPES.join(' '),
    ...(memberSub ? { memberSub } : {}),
  });
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
}

export interface EmulatorMedia {
  urn: string;
  kind: string;
  owner: string;
  status: string;
  uploadedBytes: number;
  sha256: string | null;
  fileSizeBytes?: number;
  parts?: { firstByte: number; lastByte: number; uploadedBytes: number; sha256: string; etag: string }[];
  uploadedPartIds?: string[];
}

export interface PublisherHarness {
  nc: NatsConnection;
  emulator: RunningEmulator;
  keyring: Keyring;
  /** `TOKEN_ENCRYPTION_KEYS` for a publisher run as its own process. */
  keySpec: string;
  natsUrl: string;
  /** The stand-in token-keeper's answers, by connectionId (anything else: `not_found`). */
  tokens: Map<string, TokensAnswer>;
  /** Every `post.published` / `post.failed` seen on the bus (each publish, duplicates included). */
  outcomes: Outcome[];
  /** A local HTTP server for media URLs (`https://` URLs to it are fetched over plain HTTP by config). */
  mediaServer: MediaServer;
  startPublisher(options?: PublisherOptions): Promise<Publisher>;
  /** Connects the emulator's default member (or `memberSub`) under `connectionId` with a real, sealed token. */
  connect(
    connectionId: string,
    options?: { memberSub?: string; organizations?: TokensGetReply['organizations']; tenantId?: string },
  ): Promise<TokensGetReply>;
  requestPost(body: PostRequestedInput): Promise<void>;
  outcomeOf(requestId: string, count?: number): Promise<Outcome[]>;
  posts(): Promise<EmulatorPost[]>;
  media(): Promise<EmulatorMedia[]>;
  requests(): Promise<EmulatorRequest[]>;
  postRequests(): Promise<EmulatorRequest[]>;
  addFault(fault: Record<string, unknown>): Promise<void>;
  /** POSTs to the emulator's admin surface (`/_emulator/...`). */
  admin<T>(path: string, body: unknown): Promise<T>;
  /** Deliveries made by the publisher's durable consumer (redeliveries included), once all are acknowledged. */
  settledDeliveries(): Promise<number>;
}

/**
 * One NATS server per test file; per test a fresh emulator, fresh streams and ledger, a stand-in token-keeper
 * and a publisher built in-process with short retry delays.
 */
export function usePublisherHarness(hooks: {
  beforeAll(fn: () => Promise<void>): void;
  afterAll(fn: () => Promise<void>): void;
  beforeEach(fn: () => Promise<void>): void;
  afterEach(fn: () => Promise<void>): void;
}): () => PublisherHarness {
  let nats: ManagedServer;
  let nc: NatsConnection;
  let current: PublisherHarness | undefined;
  let cleanup: (() => Promise<void>)[] = [];

  hooks.beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });
  hooks.afterAll(async () => {
    await nc?.close();
    await nats?.close();
  });

  hooks.beforeEach(async () => {
    const jsm = await jetstreamManager(nc);
    const kvStreams = [`KV_${LEDGER_BUCKET}`, `KV_${THROTTLE_BUCKET}`];
    for (const stream of [...Object.values(STREAMS).map((s) => s.name), ...kvStreams]) {
      await jsm.streams.delete(stream).catch(() => false);
    }
    await ensureStreams(nc);
    const emulator = await startEmulator({ app: { redirectUris: [REDIRECT_URI] } });
    cleanup.push(() => emulator.close());
    const keySpec = generateKeySpec('test');
    const keyring = createKeyring(keySpec);
    const tokens = new Map<string, TokensAnswer>();
    const outcomes: Outcome[] = [];
    const subs: Subscription[] = [SUBJECTS.postPublished, SUBJECTS.postFailed].map((subject) =>
      nc.subscribe(subject, {
        callback: (_error, msg) => void outcomes.push({ subject, body: msg.json() } as Outcome),
      }),
    );
    cleanup.push(async () => subs.forEach((sub) => sub.unsubscribe()));
    await nc.flush();
    const answer = (connectionId: string): TokensGetReply => {
      const found = tokens.get(connectionId) ?? 'not_found';
      if (typeof found === 'string') throw new TokensGetError(found, `connection is ${found}`);
      return found;
    };
    const service: Service = await serveTokenKeeper(nc, {
      version: '0.0.0-test',
      logger,
      handlers: {
        'tokens.get': async ({ connectionId }) => answer(connectionId),
        'tokens.status': async () => {
          throw new TokensGetError('not_found');
        },
        'tokens.list': async () => ({ connections: [] }),
      },
    });
    cleanup.push(() => service.stop().then(() => undefined));
    const events = createEventPublisher(nc);
    const mediaServer = await startMediaServer();
    cleanup.push(() => mediaServer.close());

    current = {
      nc,
      emulator,
      keyring,
      keySpec,
      natsUrl: nats.url,
      tokens,
      outcomes,
      mediaServer,
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
        cleanup.push(() => https.close());
        const throttle = await createKvMemberThrottle(nc);
        cleanup.push(async () => throttle.close());
        const publisher = buildPublisher({
          nc,
          events,
          ledger: await createKvLedger(nc),
          throttle,
          deadLetters: createDeadLetters(nc),
          posts: createPostsClient(rest),
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
        });
        await publisher.start();
        cleanup.push(() => publisher.stop());
        return publisher;
      },
      async connect(connectionId, options = {}) {
        const accessToken = await emulatorAccessToken(emulator, options.memberSub);
        const sub = options.memberSub ?? emulator.defaultMember.sub;
        const reply: TokensGetReply = {
          connectionId,
          tenantId: options.tenantId ?? 'tenant-a',
          accessToken: keyring.seal(accessToken, connectionId),
          accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
          member: { sub, name: 'Test Member' },
          organizations: options.organizations ?? [],
          scopes: MEMBER_SCOPES,
          status: 'active',
        };
        tokens.set(connectionId, reply);
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
      posts: () => json<EmulatorPost[]>(`${emulator.url}/_emulator/posts`),
      media: () => json<EmulatorMedia[]>(`${emulator.url}/_emulator/media`),
      requests: () => json<EmulatorRequest[]>(`${emulator.url}/_emulator/requests`),
      async postRequests() {
        const all = await json<EmulatorRequest[]>(`${emulator.url}/_emulator/requests`);
        return all.filter((r) => r.method === 'POST' && r.path === '/rest/posts');
      },
      async addFault(fault) {
        await json(`${emulator.url}/_emulator/faults`, { method: 'POST', body: fault });
      },
      admin: (path, body) => json(`${emulator.url}${path}`, { method: 'POST', body }),
      async settledDeliveries() {
        return waitFor(async () => {
          const info = await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
          const settled = info.num_pending === 0 && info.num_ack_pending === 0;
          return settled ? info.delivered.consumer_seq : undefined;
        });
      },
    };
  });

  hooks.afterEach(async () => {
    const steps = cleanup.reverse();
    cleanup = [];
    current = undefined;
    for (const step of steps) await step().catch(() => undefined);
  });

  return () => {
    if (!current) throw new Error('the publisher harness is only available inside a test');
    return current;
  };
}
