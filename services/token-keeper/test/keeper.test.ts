import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS, type TokenIssued } from '@li-bus/contracts';
import {
  createEventPublisher,
  ensureStreams,
  requestTokenKeeper,
  requestTokens,
  TokensGetError,
  type EventPublisher,
} from '@li-bus/messaging';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import { createLogger } from '@li-bus/service-kit';
import { startNats, startRedis, waitFor, type ManagedServer } from '@li-bus/testkit';
import { buildKeeper, type Keeper } from '../src/app.ts';
import { createRedisTokenStore } from '../src/redis-token-store.ts';

type TokenSubject = 'token.issued' | 'token.refreshed';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface Fixture {
  nats: ManagedServer;
  redisServer: ManagedServer;
  nc: NatsConnection;
  redis: Redis;
  keyring: Keyring;
  keeper: Keeper;
  publisher: EventPublisher;
  logLines: string[];
  /** Every plaintext token this file made up: none may ever reach Redis or a log line. */
  plaintexts: string[];
}

async function startFixture(now?: () => number): Promise<Fixture> {
  const [nats, redisServer] = await Promise.all([startNats(), startRedis()]);
  const nc = await connect({ servers: nats.url });
  await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 60 });
  const redis = new Redis(redisServer.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const keyring = createKeyring(generateKeySpec('test'));
  const logLines: string[] = [];
  // The production logger (with its redaction), writing to memory instead of stdout.
  const logger = createLogger(
    { service: 'token-keeper', level: 'debug', pretty: false },
    { write: (line) => void logLines.push(line) },
  );
  const keeper = buildKeeper({
    nc,
    store: createRedisTokenStore({ redis }),
    keyring,
    logger,
    ...(now ? { now } : {}),
  });
  await keeper.start();
  return {
    nats,
    redisServer,
    nc,
    redis,
    keyring,
    keeper,
    publisher: createEventPublisher(nc),
    logLines,
    plaintexts: [],
  };
}

async function stopFixture(f: Fixture | undefined) {
  if (!f) return;
  await f.keeper.stop();
  await f.nc.close();
  f.redis.disconnect();
  await Promise.all([f.nats.close(), f.redisServer.close()]);
}

interface EventOptions {
  tenantId?: string;
  issuedAt: number;
  accessTtlMs?: number;
  withRefresh?: boolean;
  /** Seal the tokens for this connection instead of the event's own (they then do not open). */
  sealFor?: string;
}

/** A token event with freshly made-up plaintext tokens, sealed with the keeper's keyring. */
function tokenEvent(f: Fixture, connectionId: string, options: EventOptions) {
  const access = `AQV-plain-access-${randomUUID()}`;
  const refresh = `AQX-plain-refresh-${randomUUID()}`;
  f.plaintexts.push(access, refresh);
  const sealFor = options.sealFor ?? connectionId;
  const event: TokenIssued = {
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
          refreshTokenExpiresAt: new Date(options.issuedAt + 365 * DAY).toISOString(),
        }),
    issuedAt: new Date(options.issuedAt).toISOString(),
  };
  return event;
}

const durableOf = (subject: TokenSubject) => `token-keeper-${subject.replaceAll('.', '-')}`;

/** Waits until the subject's consumer has delivered everything up to `seq` and given each an outcome. */
async function settled(f: Fixture, subject: TokenSubject, seq: number) {
  const jsm = await jetstreamManager(f.nc);
  return waitFor(
    async () => {
      const info = await jsm.consumers.info(STREAMS.tokens.name, durableOf(subject));
      return info.delivered.stream_seq >= seq && info.num_pending === 0 && info.num_ack_pending === 0
        ? info
        : null;
    },
    { timeoutMs: 3000, message: `${subject} consumer did not settle` },
  );
}

async function publish(f: Fixture, subject: TokenSubject, event: TokenIssued) {
  const { seq } = await f.publisher.publish(subject, event);
  return seq;
}

async function publishRaw(f: Fixture, subject: TokenSubject, body: string) {
  return (await jetstream(f.nc).publish(subject, body)).seq;
}

const storedToken = (f: Fixture, connectionId: string) =>
  waitFor(() => requestTokens(f.nc, connectionId), {
    timeoutMs: 3000,
    message: `${connectionId} not stored`,
  });

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TokensGetError);
  return (error as TokensGetError).code;
}

/** Every key and every value in Redis, as one string. */
async function redisDump(redis: Redis): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === 'hash') parts.push(...Object.entries(await redis.hgetall(key)).flat());
    else if (type === 'set') parts.push(...(await redis.smembers(key)));
    else if (type === 'string') parts.push((await redis.get(key)) ?? '');
    else parts.push(`<${type}>`);
  }
  return parts.join('\n');
}

describe('token-keeper', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await stopFixture(f);
  });

  it('stores a token.issued sealed and answers tokens.get with it', async () => {
    const event = tokenEvent(f, 'conn-issued', { issuedAt: Date.now() });
    await publish(f, 'token.issued', event);

    const reply = await storedToken(f, 'conn-issued');
    expect(reply).toEqual({
      connectionId: 'conn-issued',
      tenantId: 'tenant-a',
      accessToken: event.accessToken,
      accessTokenExpiresAt: event.accessTokenExpiresAt,
      member: event.member,
      organizations: event.organizations,
      scopes: event.scopes,
      status: 'active',
    });

    const dump = await redisDump(f.redis);
    expect(dump).toContain(event.accessToken);
    expect(dump).toContain(event.refreshToken);
    for (const plaintext of f.plaintexts) expect(dump).not.toContain(plaintext);
  });

  it('ignores a stale token.issued or token.refreshed that arrives after a newer one', async () => {
    const t = Date.now();
    const newer = tokenEvent(f, 'conn-stale', { issuedAt: t });
    await publish(f, 'token.issued', newer);
    await storedToken(f, 'conn-stale');

    const olderIssued = tokenEvent(f, 'conn-stale', { issuedAt: t - HOUR, tenantId: 'tenant-stale' });
    await settled(f, 'token.issued', await publish(f, 'token.issued', olderIssued));
    const olderRefreshed = tokenEvent(f, 'conn-stale', { issuedAt: t - 1, tenantId: 'tenant-stale' });
    await settled(f, 'token.refreshed', await publish(f, 'token.refreshed', olderRefreshed));

    const reply = await requestTokens(f.nc, 'conn-stale');
    expect(reply.accessToken).toBe(newer.accessToken);
    expect(reply.accessTokenExpiresAt).toBe(newer.accessTokenExpiresAt);
    expect(reply.tenantId).toBe('tenant-a');
    await expect(requestTokenKeeper(f.nc, 'tokens.list', { tenantId: 'tenant-stale' })).resolves.toEqual({
      connections: [],
    });
  });

  it('stores a newer token.refreshed', async () => {
    const t = Date.now();
    await publish(f, 'token.issued', tokenEvent(f, 'conn-refresh', { issuedAt: t - HOUR }));
    await storedToken(f, 'conn-refresh');
    const refreshed = tokenEvent(f, 'conn-refresh', { issuedAt: t });
    await publish(f, 'token.refreshed', refreshed);

    await waitFor(
      async () => (await requestTokens(f.nc, 'conn-refresh')).accessToken === refreshed.accessToken,
      {
        timeoutMs: 3000,
      },
    );
    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-refresh' });
    expect(status.connectedAt).toBe(new Date(t - HOUR).toISOString());
  });

  it('keeps the stored refresh token when a reconnect comes without one', async () => {
    const t = Date.now();
    const first = tokenEvent(f, 'conn-reconnect', { issuedAt: t - HOUR });
    await publish(f, 'token.issued', first);
    await storedToken(f, 'conn-reconnect');

    const reconnect = tokenEvent(f, 'conn-reconnect', { issuedAt: t, withRefresh: false });
    await settled(f, 'token.issued', await publish(f, 'token.issued', reconnect));

    expect((await requestTokens(f.nc, 'conn-reconnect')).accessToken).toBe(reconnect.accessToken);
    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-reconnect' });
    expect(status.refreshTokenExpiresAt).toBe(first.refreshTokenExpiresAt);
    expect(status.status).toBe('active');
    const raw = await f.redis.hget('tk:conn:{conn-reconnect}', 'record');
    expect(JSON.parse(raw ?? '{}')).toMatchObject({
      accessToken: reconnect.accessToken,
      refreshToken: first.refreshToken,
    });
  });

  it('answers tokens.status and tokens.list by tenant', async () => {
    const t = Date.now();
    const one = tokenEvent(f, 'conn-list-1', { issuedAt: t, tenantId: 'tenant-list' });
    const two = tokenEvent(f, 'conn-list-2', { issuedAt: t, tenantId: 'tenant-list', withRefresh: false });
    const other = tokenEvent(f, 'conn-list-3', { issuedAt: t, tenantId: 'tenant-other' });
    for (const event of [one, two, other]) await publish(f, 'token.issued', event);
    for (const event of [one, two, other]) await storedToken(f, event.connectionId);

    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-list-1' });
    expect(status).toEqual({
      connectionId: 'conn-list-1',
      tenantId: 'tenant-list',
      status: 'active',
      member: one.member,
      organizations: one.organizations,
      scopes: one.scopes,
      connectedAt: one.issuedAt,
      accessTokenExpiresAt: one.accessTokenExpiresAt,
      refreshTokenExpiresAt: one.refreshTokenExpiresAt,
    });
    expect(status).not.toHaveProperty('accessToken');

    const list = await requestTokenKeeper(f.nc, 'tokens.list', { tenantId: 'tenant-list' });
    expect(list.connections.map((c) => c.connectionId).sort()).toEqual(['conn-list-1', 'conn-list-2']);
    for (const view of list.connections) expect(view).not.toHaveProperty('accessToken');
    expect(JSON.stringify(list)).not.toContain('v1.');
  });

  it('answers not_found for an unknown connection', async () => {
    expect(await errorCodeOf(requestTokens(f.nc, 'conn-unknown'))).toBe('not_found');
    expect(
      await errorCodeOf(requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-unknown' })),
    ).toBe('not_found');
    await expect(requestTokenKeeper(f.nc, 'tokens.list', { tenantId: 'tenant-nobody' })).resolves.toEqual({
      connections: [],
    });
  });

  it.each(['token.issued', 'token.refreshed'] as const)(
    '%s: terminates poison messages, stores none of them and keeps going',
    async (subject) => {
      const connectionId = `conn-poison-${subject.replaceAll('.', '-')}`;
      const t = Date.now();
      // Poison events claim to be newer than the valid one: storing any of them would hide the valid one.
      const wrongSchema = {
        ...tokenEvent(f, connectionId, { issuedAt: t + HOUR }),
        accessToken: 'AQV-plain-x',
      };
      f.plaintexts.push('AQV-plain-x');
      const unsealable = tokenEvent(f, connectionId, {
        issuedAt: t + 2 * HOUR,
        sealFor: 'conn-someone-else',
      });
      const valid = tokenEvent(f, connectionId, { issuedAt: t });
      const logsBefore = f.logLines.length;

      await publishRaw(f, subject, `{"connectionId":"${connectionId}","accessToken":"AQV-plain-x"`);
      await publishRaw(f, subject, JSON.stringify(wrongSchema));
      await publish(f, subject, unsealable);
      const lastSeq = await publish(f, subject, valid);

      expect((await storedToken(f, connectionId)).accessToken).toBe(valid.accessToken);
      const info = await settled(f, subject, lastSeq);
      expect(info.num_redelivered).toBe(0);
      expect((await requestTokens(f.nc, connectionId)).accessToken).toBe(valid.accessToken);
      const raw = await f.redis.hget(`tk:conn:{${connectionId}}`, 'record');
      expect(JSON.parse(raw ?? '{}')).toMatchObject({
        accessToken: valid.accessToken,
        refreshToken: valid.refreshToken,
        issuedAt: valid.issuedAt,
      });

      const logs = f.logLines.slice(logsBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logs.filter((line) => line['msg'] === 'invalid message terminated')).toHaveLength(2);
      const gaveUp = logs.filter((line) => line['msg'] === 'giving up on message');
      expect(gaveUp).toHaveLength(1);
      expect(gaveUp[0]).toMatchObject({ err: { code: 'token_unsealable' } });
      const text = f.logLines.join('');
      for (const plaintext of f.plaintexts) expect(text).not.toContain(plaintext);
    },
  );

  it('never puts a plaintext token in Redis or in its logs', async () => {
    expect(f.plaintexts.length).toBeGreaterThan(10);
    const dump = await redisDump(f.redis);
    const logs = f.logLines.join('');
    expect(logs).toContain('ingested');
    for (const plaintext of f.plaintexts) {
      expect(dump).not.toContain(plaintext);
      expect(logs).not.toContain(plaintext);
    }
  });
});

describe('token-keeper with a clock past the access token expiry', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture(() => Date.now() + 2 * HOUR);
  });
  afterAll(async () => {
    await stopFixture(f);
  });

  it('answers expired to tokens.get and shows the connection as expired', async () => {
    await publish(
      f,
      'token.issued',
      tokenEvent(f, 'conn-expired', { issuedAt: Date.now(), accessTtlMs: HOUR }),
    );

    const status = await waitFor(
      () => requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-expired' }),
      { timeoutMs: 3000 },
    );
    expect(status.status).toBe('expired');
    expect(await errorCodeOf(requestTokens(f.nc, 'conn-expired'))).toBe('expired');
  });
});
