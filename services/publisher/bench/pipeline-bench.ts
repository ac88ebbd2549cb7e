// Posts/s through the whole publisher (post.requested → emulator → post.published) next to two baselines on
// the same stored messages: a bare consume + one undici POST + ack loop, and a bare consume-and-ack; then
// p50/p99 of the time the publisher adds before its create reaches the emulator, at a paced rate.
// `pnpm --filter @li-bus/publisher bench`. Tunables: BENCH_MESSAGES (2000), BENCH_CONCURRENCY (64),
// BENCH_PACED (400), BENCH_RATE (200 per second).
import { jetstream } from '@nats-io/jetstream';
import { pino } from 'pino';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { buildPublisher } from '../src/app.ts';
import { createDeadLetters } from '../src/dead-letter.ts';
import { createKvLedger } from '../src/ledger.ts';
import { createMediaClient } from '../src/linkedin/media-client.ts';
import { createPostsClient, type PostsClient } from '../src/linkedin/posts-client.ts';
import { createHttpsSource } from '../src/media/https-source.ts';
import { createMediaSource } from '../src/media/media-source.ts';
import { createObjectSource } from '../src/media/object-source.ts';
import { createKvMemberThrottle } from '../src/member-throttle.ts';
import { createBarePoster, runBareLoop } from './bare-loops.ts';
import { startBenchInfra } from './bench-setup.ts';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 2000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const PACED = Number(process.env['BENCH_PACED'] ?? 400);
const RATE = Number(process.env['BENCH_RATE'] ?? 200);
const CONNECTION = 'conn_bench';
const PACED_SUBJECT = 'post.bench-paced';

const infra = await startBenchInfra(CONNECTION);
const { nc } = infra;
const version = currentApiVersion(Date.now());
const events = createEventPublisher(nc);
const js = jetstream(nc);
const rate = (ms: number) => Math.round((MESSAGES / ms) * 1000);
const quantile = (values: number[], q: number) =>
  values.sort((a, b) => a - b)[Math.floor(q * (values.length - 1))] ?? NaN;

for (let i = 0; i < MESSAGES; i += 500) {
  const batch = Array.from({ length: Math.min(500, MESSAGES - i) }, (_, k) => i + k);
  await Promise.all(
    batch.map((n) =>
      events.publish(SUBJECTS.postRequested, {
        requestId: `bench-${n}`,
        connectionId: CONNECTION,
        text: `Bench post ${n}`,
      }),
    ),
  );
}

const bareAckMs = await runBareLoop({
  nc,
  durable: 'bench_ack',
  subject: SUBJECTS.postRequested,
  count: MESSAGES,
  concurrency: CONCURRENCY,
});
const poster = createBarePoster(infra.emulatorUrl, infra.accessToken, infra.memberUrn, version);
const barePostMs = await runBareLoop({
  nc,
  durable: 'bench_post',
  subject: SUBJECTS.postRequested,
  count: MESSAGES,
  concurrency: CONCURRENCY,
  work: (m) => poster.post(`${m.json<{ text: string }>().text} (bare)`),
});

// The publisher, with a clock on its create calls for the paced run.
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
const publisher = buildPublisher({
  nc,
  events,
  ledger: await createKvLedger(nc),
  throttle,
  deadLetters: createDeadLetters(nc),
  posts,
  media: createMediaClient({ apiBase: infra.emulatorUrl, version, timeoutMs: 15_000 }),
  mediaSource: createMediaSource({ https, natsObject: createObjectSource(nc, { maxBytes: 1 << 20 }) }),
  keyring: infra.keyring,
  logger: pino({ level: 'silent' }),
  concurrency: CONCURRENCY,
  maxAttempts: 8,
  backoffMs: [200],
  httpTimeoutMs: 15_000,
  throttleRecheckMs: 60_000,
  maxAckPending: CONCURRENCY * 4,
});
let published = 0;
let allPublished!: () => void;
const fullDone = new Promise<void>((resolve) => (allPublished = resolve));
nc.subscribe(SUBJECTS.postPublished, {
  callback: () => {
    if (++published === MESSAGES) allPublished();
  },
});
const fullStarted = performance.now();
await publisher.start();
await fullDone;
const fullMs = performance.now() - fullStarted;

// Paced: well under capacity, so the figures are the publisher's own work, not queueing.
async function paced(publish: (n: number) => Promise<number>, seen: () => number) {
  for (let n = 0; n < PACED; n += 1) {
    void publish(n);
    await new Promise((resolve) => setTimeout(resolve, 1000 / RATE));
  }
  while (seen() < PACED) await new Promise((resolve) => setTimeout(resolve, 20));
}
const publishedAt = new Map<string, number>();
await paced(
  async (n) => {
    publishedAt.set(`Paced post ${n}`, performance.now());
    await events.publish(SUBJECTS.postRequested, {
      requestId: `paced-${n}`,
      connectionId: CONNECTION,
      text: `Paced post ${n}`,
    });
    return n;
  },
  () => published - MESSAGES,
);
const added = [...publishedAt].map(([text, at]) => (createdAt.get(text) ?? NaN) - at);
await publisher.stop();

const bareAt = new Map<number, number>();
const bareAdded: number[] = [];
const bareLoop = runBareLoop({
  nc,
  durable: 'bench_paced',
  subject: PACED_SUBJECT,
  count: PACED,
  concurrency: CONCURRENCY,
  work: async (m) => {
    const n = m.json<{ n: number }>().n;
    bareAdded.push(performance.now() - (bareAt.get(n) ?? NaN));
    await poster.post(`Paced bare ${n}`);
  },
});
await paced(
  async (n) => {
    bareAt.set(n, performance.now());
    await js.publish(PACED_SUBJECT, JSON.stringify({ n }));
    return n;
  },
  () => bareAdded.length,
);
await bareLoop;

const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(
  `\npublisher pipeline bench: ${MESSAGES} messages, concurrency ${CONCURRENCY}, LinkedIn = emulator process\n`,
);
console.log(`  bare consume + ack                        ${rate(bareAckMs).toString().padStart(7)} msg/s`);
console.log(`  bare consume + 1 undici POST + ack        ${rate(barePostMs).toString().padStart(7)} posts/s`);
console.log(`  publisher: post.requested → post.published ${rate(fullMs).toString().padStart(6)} posts/s`);
console.log(`\n  time before the create reaches the emulator (${PACED} requests at ${RATE}/s):`);
console.log(`    publisher   p50 ${ms(quantile(added, 0.5))}  p99 ${ms(quantile(added, 0.99))}`);
console.log(`    bare loop   p50 ${ms(quantile(bareAdded, 0.5))}  p99 ${ms(quantile(bareAdded, 0.99))}`);
console.log(
  `    added by the publisher: p50 ${ms(quantile(added, 0.5) - quantile(bareAdded, 0.5))}  p99 ${ms(quantile(added, 0.99) - quantile(bareAdded, 0.99))}\n`,
);

throttle.close();
await poster.close();
await https.close();
await infra.close();
