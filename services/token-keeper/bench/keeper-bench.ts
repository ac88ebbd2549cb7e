/**
 * token-keeper at scale: Redis memory per connection, scheduler tick time at 10,000 and at N connections with
 * the same number of due entries, and `tokens.get` latency next to a bare Redis HGET of the same record.
 *
 *   pnpm --filter @li-bus/token-keeper bench                      # 1,000,000 connections
 *   pnpm --filter @li-bus/token-keeper bench --connections 200000 --due 1000
 *
 * Starts its own nats-server and redis-server (testkit), or uses NATS_URL / REDIS_URL when set.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { ensureStreams, requestTokens } from '@li-bus/messaging';
import { createKeyring, generateKeySpec } from '@li-bus/sealing';
import { createLogger } from '@li-bus/service-kit';
import { startNats, startRedis } from '@li-bus/testkit';
import { buildKeeper } from '../src/app.ts';
import { scheduleAt } from '../src/plan-actions.ts';
import { createRedisSchedule } from '../src/redis-schedule.ts';
import { createRedisTokenStore } from '../src/redis-token-store.ts';
import { DEFAULT_POLICY } from '../src/schedule-policy.ts';
import type { TokenWrite } from '../src/token-write.ts';

const { values } = parseArgs({
  // `pnpm bench -- --connections N` passes the `--` through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    connections: { type: 'string', default: '1000000' },
    due: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '2000' },
    repeats: { type: 'string', default: '7' },
  },
});
const N = Number(values.connections);
const DUE = Number(values.due);
const SAMPLES = Number(values.samples);
const REPEATS = Number(values.repeats);
const SMALL = Math.min(10_000, N);
const DAY = 24 * 3600_000;
const NOW = Date.now();

const [nats, redisServer] = await Promise.all([startNats(), startRedis()]);
const nc = await connect({ servers: nats.url });
await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 120 });
const redis = new Redis(redisServer.url);
const keyring = createKeyring(generateKeySpec('bench'));
const store = createRedisTokenStore({ redis });
const schedule = createRedisSchedule({ redis });
const keeper = buildKeeper({
  nc,
  store,
  schedule,
  keyring,
  logger: createLogger({ service: 'token-keeper-bench', level: 'warn', pretty: false }),
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
  }
}

// Not due: next refresh between 3 and 53 days ahead. Due: access token expires in 7 days minus a second.
const notDue = (i: number) => NOW - (i % 50) * DAY;
const due = () => NOW - 53 * DAY - 1000;
let dueRound = 0;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function tickTimes(): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
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
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (x: number) => `${x.toFixed(2)} ms`;

const memoryBefore = await usedMemory();
let started = performance.now();
await storeConnections('conn-', 0, SMALL, notDue);
const small = await tickTimes();
const emptyTickSmall = await emptyTickTime();

await storeConnections('conn-', SMALL, N, notDue);
const writeSeconds = (performance.now() - started) / 1000;
const stored = N + dueRound * DUE;
const memoryPerConnection = ((await usedMemory()) - memoryBefore) / stored;
const large = await tickTimes();
const emptyTickLarge = await emptyTickTime();

// tokens.get over NATS (services API) and a bare HGET of the same record, alternating, one at a time.
const get: number[] = [];
const hget: number[] = [];
for (let s = 0; s < SAMPLES; s++) {
  const id = `conn-${Math.floor(Math.random() * N)}`;
  started = performance.now();
  await requestTokens(nc, id);
  get.push(performance.now() - started);
  started = performance.now();
  await redis.hget(`tk:conn:{${id}}`, 'record');
  hget.push(performance.now() - started);
}

console.log(`
token-keeper benchmark (${N.toLocaleString('en')} connections, ${DUE} due per tick, median of ${REPEATS})
  stored                        ${stored.toLocaleString('en')} connections in ${writeSeconds.toFixed(1)} s (${Math.round(stored / writeSeconds).toLocaleString('en')}/s, with their schedule entries)
  Redis memory per connection   ${Math.round(memoryPerConnection)} bytes (used_memory delta / connections)
  tick, ${DUE} due, ${SMALL.toLocaleString('en')} conns     ${ms(median(small))}   [${small.map(ms).join(', ')}]
  tick, ${DUE} due, ${N.toLocaleString('en')} conns  ${ms(median(large))}   [${large.map(ms).join(', ')}]
  ratio (large / small)         ${(median(large) / median(small)).toFixed(2)}
  tick, nothing due (median)    ${ms(emptyTickSmall)} at ${SMALL.toLocaleString('en')}, ${ms(emptyTickLarge)} at ${N.toLocaleString('en')}
  tokens.get  p50 / p99         ${ms(percentile(get, 50))} / ${ms(percentile(get, 99))}   (${SAMPLES} requests over NATS)
  Redis HGET  p50 / p99         ${ms(percentile(hget, 50))} / ${ms(percentile(hget, 99))}   (same records, same run)
`);

await keeper.stop();
await nc.close();
redis.disconnect();
await Promise.all([nats.close(), redisServer.close()]);
