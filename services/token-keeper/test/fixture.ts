import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { STREAMS, type TokenIssued } from '@li-bus/contracts';
import { createEventPublisher, ensureStreams, type EventPublisher } from '@li-bus/messaging';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import { createLogger } from '@li-bus/service-kit';
import {
  createCleanupStack,
  type CleanupStack,
  startNatsWithConnection,
  startRedis,
  waitFor,
  type ManagedServer,
} from '@li-bus/testkit';
import { buildKeeper, type Keeper, type KeeperDeps } from '../src/app.ts';
import { durableOf } from '../src/ingest.ts';
import { createRedisSchedule } from '../src/redis-schedule.ts';
import { createRedisTokenStore } from '../src/redis-token-store.ts';
import type { Schedule } from '../src/schedule.ts';
import type { TokenStore } from '../src/token-store.ts';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** A clock tests move by hand. */
export function createClock(start = Date.now()) {
  let t = start;
  return {
    now: () => t,
    set: (ms: number) => void (t = ms),
    advance: (ms: number) => void (t += ms),
  };
}

export interface FixtureOptions extends Pick<KeeperDeps, 'now' | 'policy'> {
  replicas?: number;
  appendOnly?: boolean;
  scheduler?: KeeperDeps['scheduler'];
}

export interface Fixture {
  nats: ManagedServer;
  redisServer: ManagedServer;
  nc: NatsConnection;
  redis: Redis;
  keyring: Keyring;
  keepers: Keeper[];
  keeper: Keeper;
  store: TokenStore;
  schedule: Schedule;
  publisher: EventPublisher;
  logLines: string[];
  /** Every plaintext token the test made up: none may ever reach Redis or a log line. */
  plaintexts: string[];
  /** Starts one more replica on the same servers (stopped with the fixture). */
  addKeeper(overrides?: Partial<Pick<KeeperDeps, 'now' | 'policy'>>): Promise<Keeper>;
  stop(): Promise<void>;
}

/** Real NATS and Redis, and `replicas` keepers on them, each with its own connections (as separate pods). */
export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const cleanup = createCleanupStack();
  try {
    return await startFixtureOn(cleanup, options);
  } catch (error) {
    await cleanup.run().catch(() => undefined);
    throw error;
  }
}

async function startFixtureOn(cleanup: CleanupStack, options: FixtureOptions): Promise<Fixture> {
  const defer = (step: () => unknown) => cleanup.defer(step);
  const [{ server: nats, nc }, redisServer] = await Promise.all([
    startNatsWithConnection(defer),
    startRedis({ appendOnly: options.appendOnly ?? false }).then((server) => {
      defer(() => server.close());
      return server;
    }),
  ]);
  await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 120 });
  const redis = new Redis(redisServer.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  defer(() => redis.disconnect());
  await redis.connect();
  const keyring = createKeyring(generateKeySpec('test'));
  const logLines: string[] = [];
  // The production logger (with its redaction), writing to memory instead of stdout.
  const logger = createLogger(
    { service: 'token-keeper', level: 'debug', pretty: false },
    { write: (line) => void logLines.push(line) },
  );
  const keepers: Keeper[] = [];
  async function addKeeper(overrides: Partial<Pick<KeeperDeps, 'now' | 'policy'>> = {}) {
    const client = { nc: await connect({ servers: nats.url }), redis: new Redis(redisServer.url) };
    defer(async () => {
      await client.nc.close();
      client.redis.disconnect();
    });
    const now = overrides.now ?? options.now;
    const policy = overrides.policy ?? options.policy;
    const keeper = buildKeeper({
      nc: client.nc,
      store: createRedisTokenStore({ redis: client.redis }),
      schedule: createRedisSchedule({ redis: client.redis }),
      keyring,
      logger: logger.child({ replica: keepers.length }),
      scheduler: { intervalMs: 3_600_000, ...options.scheduler },
      statusIngest: { unknownConnectionAttempts: 2, unknownConnectionRetryMs: 50 },
      ...(now ? { now } : {}),
      ...(policy ? { policy } : {}),
    });
    keepers.push(keeper);
    defer(() => keeper.stop());
    await keeper.start();
    return keeper;
  }
  await Promise.all(Array.from({ length: options.replicas ?? 1 }, () => addKeeper()));
  const [keeper] = keepers;
  if (!keeper) throw new Error('no replicas');
  return {
    nats,
    redisServer,
    nc,
    redis,
    keyring,
    keepers,
    keeper,
    store: createRedisTokenStore({ redis }),
    schedule: createRedisSchedule({ redis }),
    publisher: createEventPublisher(nc),
    logLines,
    plaintexts: [],
    addKeeper,
    stop: () => cleanup.run(),
  };
}

export interface EventOptions {
  tenantId?: string;
  issuedAt: number;
  accessTtlMs?: number;
  withRefresh?: boolean;
  /** Horizon of the refresh token (default: issuedAt + 365 days). */
  refreshExpiresAt?: number;
  /** Seal the tokens for this connection instead of the event's own (they then do not open). */
  sealFor?: string;
}

/** A token event with freshly made-up plaintext tokens, sealed with the keepers' keyring. */
export function tokenEvent(f: Fixture, connectionId: string, options: EventOptions): TokenIssued {
  const access = `AQV-plain-access-${randomUUID()}`;
  const refresh = `AQX-plain-refresh-${randomUUID()}`;
  f.plaintexts.push(access, refresh);
  const sealFor = options.sealFor ?? connectionId;
  return {
    eventId: randomUUID(),
    connectionId,
    tenantId: options.tenantId ?? 'tenant-a',
    member: { sub: 'member-1', name: 'Ada Lovelace' },
    organizations: [{ urn: 'urn:li:organization:42', name: 'Acme', role: 'ADMINISTRATOR' }],
    scopes: ['openid', 'w_member_social'],
    accessToken: f.keyring.seal(access, sealFor),
    accessTokenExpiresAt: new Date(options.issuedAt + (options.accessTtlMs ?? 60 * DAY)).toISOString(),
    ...(options.withRefresh === false
      ? {}
      : {
          refreshToken: f.keyring.seal(refresh, sealFor),
          refreshTokenExpiresAt: new Date(
            options.refreshExpiresAt ?? options.issuedAt + 365 * DAY,
          ).toISOString(),
        }),
    issuedAt: new Date(options.issuedAt).toISOString(),
  };
}

/** Waits until the subject's consumer has delivered everything up to `seq` and given each an outcome. */
export async function settled(f: Fixture, subject: string, seq: number, timeoutMs = 3000) {
  const jsm = await jetstreamManager(f.nc);
  return waitFor(
    async () => {
      const info = await jsm.consumers.info(STREAMS.tokens.name, durableOf(subject));
      return info.delivered.stream_seq >= seq && info.num_pending === 0 && info.num_ack_pending === 0
        ? info
        : null;
    },
    { timeoutMs, message: `${subject} consumer did not settle` },
  );
}

export async function publishRaw(f: Fixture, subject: string, body: string, msgID?: string) {
  return (await jetstream(f.nc).publish(subject, body, msgID ? { msgID } : {})).seq;
}

/** Every message on `subject` in the TOKENS stream, with the id it was published under. */
export async function readEvents<T = Record<string, unknown>>(f: Fixture, subject: string) {
  const jsm = await jetstreamManager(f.nc);
  const info = await jsm.streams.info(STREAMS.tokens.name, { subjects_filter: subject });
  const out: { msgId: string; body: T }[] = [];
  if (!info.state.subjects?.[subject]) return out;
  const consumer = await jetstream(f.nc).consumers.get(STREAMS.tokens.name, { filter_subjects: subject });
  const messages = await consumer.consume();
  for await (const m of messages) {
    out.push({ msgId: m.headers?.get('Nats-Msg-Id') ?? '', body: m.json<T>() });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return out;
}

/** The sum of a counter's values across keepers, optionally for one label value. */
export async function metricSum(keepers: Keeper[], name: string, labels: Record<string, string> = {}) {
  let sum = 0;
  for (const keeper of keepers) {
    const metric = keeper.registry.getSingleMetric(name);
    if (!metric) throw new Error(`no metric ${name}`);
    for (const value of (await metric.get()).values) {
      if (Object.entries(labels).every(([key, v]) => value.labels[key] === v)) sum += value.value;
    }
  }
  return sum;
}

/** Every key and every value in Redis, as one string. */
export async function redisDump(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of (await redis.keys('*')).sort()) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === 'hash')
      parts.push(
        ...Object.entries(await redis.hgetall(key))
          .sort()
          .flat(),
      );
    else if (type === 'set') parts.push(...(await redis.smembers(key)).sort());
    else if (type === 'zset') parts.push(...(await redis.zrange(key, '0', '-1', 'WITHSCORES')));
    else if (type === 'string') parts.push((await redis.get(key)) ?? '');
    else parts.push(`<${type}>`);
  }
  return parts.join('\n');
}
