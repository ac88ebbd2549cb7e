/**
 * token-keeper at scale: Redis memory per connection, scheduler tick time at 10,000 and at N connections with
 * the same number of due entries, and `tokens.get` latency next to a bare Redis HGETALL of the same record (the
 * one Redis call token-keeper makes per `tokens.get`), alternating one request each.
 * Starts its own nats-server and redis-server (testkit), or uses NATS_URL / REDIS_URL when set.
 */
import { randomBytes } from 'node:crypto';
import { Svcm } from '@nats-io/services';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { ensureStreams } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { createKeyring, generateKeySpec } from '@li-bus/sealing';
import { createLogger } from '@li-bus/service-kit';
import { startNats, startRedis } from '@li-bus/testkit';
import { buildKeeper } from '../src/app.ts';
import { scheduleAt } from '../src/plan-actions.ts';
import { preferCompactRecords } from '../src/redis-encoding.ts';
import { createRedisSchedule } from '../src/redis-schedule.ts';
import { createRedisTokenStore } from '../src/redis-token-store.ts';
import { DEFAULT_POLICY } from '../src/schedule-policy.ts';
import type { TokenWrite } from '../src/token-write.ts';

export interface KeeperOptions {
  connections: number;
  /** Entries due per measured tick. */
  due: number;
  /** `tokens.get` / HGETALL pairs. */
  samples: number;
  /** Ticks measured at each size. */
  repeats: number;
  progress?: (line: string) => void;
}

export interface KeeperFigures {
  /** Connections stored at the end (N plus the due entries of every measured tick). */
  stored: number;
  writeSeconds: number;
  memoryPerConnection: number;
  /** The smaller size (10,000, or N when less). */
  small: number;
  tickSmallMs: number[];
  tickLargeMs: number[];
  emptyTickSmallMs: number;
  emptyTickLargeMs: number;
  tokensGetMs: number[];
  redisHgetallMs: number[];
  /** A bare services-API endpoint answering the same HGETALL's hash: the two NATS hops, nothing of ours. */
  bareEndpointMs: number[];
}

export async function measureKeeper(options: KeeperOptions): Promise<KeeperFigures> {
  const progress = options.progress ?? (() => undefined);
  const N = options.connections;
  const DUE = options.due;
  const SMALL = Math.min(10_000, N);
  const DAY = 24 * 3600_000;
  const NOW = Date.now();
  const [nats, redisServer] = await Promise.all([startNats(), startRedis()]);
  // As the services connect (connectNats): no Error built per request for its async stack.
  const nc = await connect({ servers: nats.url, noAsyncTraces: true });
  await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 120 });
  const redis = new Redis(redisServer.url);
  const logger = createLogger({ service: 'token-keeper-bench', level: 'warn', pretty: false });
  await preferCompactRecords(redis, logger); // as token-keeper's Redis client does on connect
  const keyring = createKeyring(generateKeySpec('bench'));
  const store = createRedisTokenStore({ redis });
  const schedule = createRedisSchedule({ redis });
  const keeper = buildKeeper({
    nc,
    store,
    schedule,
    keyring,
    logger,
    now: () => NOW,
    scheduler: { intervalMs: 3_600_000, batchSize: 500 },
  });
  await keeper.start();

  // LinkedIn tokens are around 350 characters. Sealing costs far more than storing, so the bench seals a pool
  // and reuses it: every record still holds full-size sealed values (nothing here opens them).
  const POOL = Array.from({ length: 1000 }, (_, i) => ({
    access: keyring.seal(`AQV${randomBytes(260).toString('base64url')}`, `pool-${i}`),
    refresh: keyring.seal(`AQX${randomBytes(260).toString('base64url')}`, `pool-${i}`),
  }));

  function write(id: string, index: number, issuedAt: number): TokenWrite {
    const sealed = POOL[index % POOL.length] ?? { access: '', refresh: '' };
    return {
      kind: 'issued',
      version: issuedAt,
      part: {
        connectionId: id,
        tenantId: `tenant-${index % 1000}`,
        member: { sub: `sub-${id}`, name: 'Bench Member' },
        organizations: [],
        scopes: ['openid', 'profile', 'w_member_social'],
        accessToken: sealed.access,
        accessTokenExpiresAt: new Date(issuedAt + 60 * DAY).toISOString(),
        issuedAt: new Date(issuedAt).toISOString(),
      },
      accessExpiresAtMs: issuedAt + 60 * DAY,
      refreshToken: sealed.refresh,
      refreshExpiresAtMs: issuedAt + 365 * DAY,
    };
  }

  /** Stores connections [from, to) through the store (pipelined: many writes in flight on one connection). */
  async function storeConnections(prefix: string, from: number, to: number, issuedAt: (i: number) => number) {
    const inFlight = 2000;
    for (let start = from; start < to; start += inFlight) {
      const end = Math.min(to, start + inFlight);
      await Promise.all(
        Array.from({ length: end - start }, async (_, k) => {
          const id = `${prefix}${start + k}`;
          const { record } = await store.writeTokens(write(id, start + k, issuedAt(start + k)), NOW);
          if (record) await schedule.place(id, record.revision, scheduleAt(record, NOW, DEFAULT_POLICY));
        }),
      );
      if (end % 100_000 === 0)
        progress(`token-keeper: stored ${end.toLocaleString('en')} of ${to.toLocaleString('en')}`);
    }
  }

  // Not due: next refresh between 3 and 53 days ahead. Due: access token expires in 7 days minus a second.
  const notDue = (i: number) => NOW - (i % 50) * DAY;
  const due = () => NOW - 53 * DAY - 1000;
  let dueRound = 0;

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

  async function tickTimes(): Promise<number[]> {
    const times: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      await storeConnections(`due-${dueRound++}-`, 0, DUE, due);
      const started = performance.now();
      const result = await keeper.scheduler.tick();
      times.push(performance.now() - started);
      if (result.emitted !== DUE) throw new Error(`tick emitted ${result.emitted}, expected ${DUE}`);
    }
    return times;
  }

  /** A tick with nothing due: the fixed cost of looking (two range queries on the sorted sets). */
  async function emptyTickTime(): Promise<number> {
    const times: number[] = [];
    for (let r = 0; r < 21; r++) {
      const started = performance.now();
      await keeper.scheduler.tick();
      times.push(performance.now() - started);
    }
    return median(times);
  }

  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

  const memoryBefore = await usedMemory();
  let started = performance.now();
  await storeConnections('conn-', 0, SMALL, notDue);
  const small = await tickTimes();
  const emptyTickSmall = await emptyTickTime();

  progress(
    `token-keeper: ticks at ${SMALL.toLocaleString('en')} done; storing up to ${N.toLocaleString('en')}`,
  );
  await storeConnections('conn-', SMALL, N, notDue);
  const writeSeconds = (performance.now() - started) / 1000;
  const stored = N + dueRound * DUE;
  const memoryPerConnection = ((await usedMemory()) - memoryBefore) / stored;
  const large = await tickTimes();
  const emptyTickLarge = await emptyTickTime();

  progress(
    `token-keeper: ticks at ${N.toLocaleString('en')} done; ${options.samples} tokens.get / HGETALL pairs`,
  );
  // The floor of any request/reply through NATS: a bare endpoint on the same services API making the same read.
  const bare = await new Svcm(nc).add({ name: 'bench-bare-hgetall', version: '0.0.0' });
  bare.addEndpoint('hgetall', {
    subject: 'bench.hgetall',
    handler: (_error, msg) =>
      void redis.hgetall(`tk:conn:{${msg.string()}}`).then((hash) => msg.respond(JSON.stringify(hash))),
  });
  // tokens.get over NATS (services API), a bare HGETALL of the same record and the bare endpoint, alternating,
  // one at a time.
  const get: number[] = [];
  const hgetall: number[] = [];
  const endpoint: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    const id = `conn-${Math.floor(Math.random() * N)}`;
    started = performance.now();
    await requestTokens(nc, id);
    get.push(performance.now() - started);
    started = performance.now();
    await redis.hgetall(`tk:conn:{${id}}`);
    hgetall.push(performance.now() - started);
    started = performance.now();
    await nc.request('bench.hgetall', id);
    endpoint.push(performance.now() - started);
  }
  await bare.stop();

  await keeper.stop();
  await nc.close();
  redis.disconnect();
  await Promise.all([nats.close(), redisServer.close()]);
  return {
    stored,
    writeSeconds,
    memoryPerConnection,
    small: SMALL,
    tickSmallMs: small,
    tickLargeMs: large,
    emptyTickSmallMs: emptyTickSmall,
    emptyTickLargeMs: emptyTickLarge,
    tokensGetMs: get,
    redisHgetallMs: hgetall,
    bareEndpointMs: endpoint,
  };
}
