// Fresh posts through the publisher with and without N scheduled posts held on NATS, side by side in the same
// rounds (two NATS servers, one empty, one holding them, each with its own publisher and emulator); then the
// lateness of many posts due in the same second, and what each held post costs NATS in disk and memory.
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';
import { createEventPublisher } from '@li-bus/messaging';
import { PUBLISHER_DURABLE } from '../src/app.ts';
import { LEDGER_BUCKET } from '../src/ledger.ts';
import { ensureScheduleStreams } from '../src/schedules/schedule-streams.ts';
import { SCHEDULES_STREAM } from '../src/schedules/schedule-subjects.ts';
import { startBenchInfra, type BenchInfra } from './bench-setup.ts';
import type { Contender } from './contender.ts';
import { holdScheduled } from './hold-scheduled.ts';
import { natsMemory, streamState, type NatsMemory } from './nats-footprint.ts';
import { createPublisherContender } from './publisher-contender.ts';

export interface SchedulesOptions {
  /** Scheduled posts held during the "with" rounds (`BENCH_SCHEDULED`; the issue asks for 1,000,000). */
  scheduled: number;
  /** Fresh requests per round and side, and paced requests per round at `rate` per second. */
  messages: number;
  rounds: number;
  paced: number;
  rate: number;
  concurrency: number;
  /** Posts due in the same second for the lateness figures. */
  due: number;
  /** How far ahead those are scheduled: enough for the publisher to hold them all first. */
  dueLeadSeconds: number;
  progress?: (line: string) => void;
}

export interface SideFigures {
  postsPerSecond: number[];
  cpuMsPerPost: number[];
  /** ms from sending a paced request to its create call leaving. */
  addedMs: number[];
}

export interface SchedulesFigures {
  scheduled: number;
  /** Fresh posts with no schedule held (`without`) and with `scheduled` held (`with`), paired by round. */
  without: SideFigures;
  with: SideFigures;
  /** Loading the held posts (ledger entry + schedule each, async publishes): ms. */
  loadMs: number;
  /** Bytes of the schedules stream and of the ledger's stream per held post. */
  scheduleBytesPerPost: number;
  ledgerBytesPerPost: number;
  /** nats-server memory before and after the held posts were loaded. */
  memoryBefore: NatsMemory;
  memoryAfter: NatsMemory;
  /** Schedules still stored after the rounds (all `scheduled` of them, or some were lost or fired). */
  heldAfter: number;
  due: number;
  /** Whether the publisher had held every due post before their second came. */
  allHeldBeforeDue: boolean;
  /** LinkedIn's create time − notBefore, ms, one per due post that was published. */
  latenessMs: number[];
  /** Due posts created at LinkedIn before their notBefore (must be 0). */
  early: number;
}

const CONNECTION = 'conn_bench';
const DAY_MS = 24 * 3600_000;
const label = (round: number) => (round === 0 ? 'warm-up round' : `round ${round}`);

async function publishBatch(infra: BenchInfra, round: number, count: number) {
  const events = createEventPublisher(infra.nc);
  const prefix = `bench-r${round}-`;
  const acks = await Promise.all(
    Array.from({ length: count }, (_, n) =>
      events.publish(SUBJECTS.postRequested, {
        requestId: `${prefix}${n}`,
        connectionId: CONNECTION,
        text: `Bench post ${round}.${n}`,
      }),
    ),
  );
  return { round, count, startSeq: Math.min(...acks.map((a) => a.seq)), prefix };
}

export async function measureSchedules(options: SchedulesOptions): Promise<SchedulesFigures> {
  const progress = options.progress ?? (() => undefined);
  const plain = await startBenchInfra(CONNECTION);
  const held = await startBenchInfra(CONNECTION);
  const sides: [keyof Pick<SchedulesFigures, 'with' | 'without'>, BenchInfra, Contender][] = [];
  try {
    sides.push(['without', plain, await createPublisherContender(plain, options.concurrency)]);
    sides.push(['with', held, await createPublisherContender(held, options.concurrency)]);
    const withContender = sides[1]![2];

    // The held side: streams as the publisher creates them, then the held posts, a week ahead.
    await ensureScheduleStreams(held.nc, { replicas: 1 });
    await ensureScheduleStreams(plain.nc, { replicas: 1 });
    const memoryBefore = await natsMemory(held.nats.port);
    const ledgerStream = `KV_${LEDGER_BUCKET}`;
    const ledgerBefore = await streamState(held.nc, ledgerStream).catch(() => ({ messages: 0, bytes: 0 }));
    progress(`schedules: holding ${options.scheduled.toLocaleString('en')} scheduled posts`);
    const loadMs = await holdScheduled(held.nc, {
      count: options.scheduled,
      connections: Math.max(1, Math.ceil(options.scheduled / 1000)),
      untilMs: Date.now() + 7 * DAY_MS,
      progress,
    });
    const schedules = await streamState(held.nc, SCHEDULES_STREAM);
    const ledger = await streamState(held.nc, ledgerStream);
    const memoryAfter = await natsMemory(held.nats.port);
    progress(
      `schedules: ${schedules.messages.toLocaleString('en')} held in ${(loadMs / 1000).toFixed(1)} s ` +
        `(${Math.round(options.scheduled / (loadMs / 1000))}/s), ${Math.round(schedules.bytes / 1e6)} MB`,
    );
    if (schedules.messages !== options.scheduled)
      throw new Error(`${schedules.messages} schedules stored, ${options.scheduled} held`);

    const figures: SchedulesFigures = {
      scheduled: options.scheduled,
      without: { postsPerSecond: [], cpuMsPerPost: [], addedMs: [] },
      with: { postsPerSecond: [], cpuMsPerPost: [], addedMs: [] },
      loadMs,
      scheduleBytesPerPost: schedules.bytes / options.scheduled,
      ledgerBytesPerPost: (ledger.bytes - ledgerBefore.bytes) / options.scheduled,
      memoryBefore,
      memoryAfter,
      heldAfter: NaN,
      due: options.due,
      allHeldBeforeDue: false,
      latenessMs: [],
      early: 0,
    };

    // Round 0 warms both up and is not counted; the side that goes first alternates.
    for (let round = 0; round <= options.rounds; round += 1) {
      const batches = await Promise.all(
        sides.map(([, infra]) => publishBatch(infra, round, options.messages)),
      );
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        const [name, , contender] = sides[i]!;
        const cpu = process.cpuUsage();
        const ms = await contender.throughput(batches[i]!);
        const used = process.cpuUsage(cpu);
        const rate = (options.messages / ms) * 1000;
        if (round > 0) {
          figures[name].postsPerSecond.push(rate);
          figures[name].cpuMsPerPost.push((used.user + used.system) / 1000 / options.messages);
        }
        progress(`schedules ${label(round)}: ${name} held ${Math.round(rate)} posts/s`);
      }
      for (const i of order) {
        const [name, , contender] = sides[i]!;
        if (!contender.paced || options.paced === 0) continue;
        const added = await contender.paced(round, options.paced, options.rate);
        if (round > 0) figures[name].addedMs.push(...added);
      }
    }
    figures.heldAfter = (await streamState(held.nc, SCHEDULES_STREAM)).messages;

    // Lateness, on the side holding the scheduled posts: `due` requests for one whole second, sent first, then
    // a publisher that holds them all and publishes them when their schedules fire.
    const notBefore = Math.ceil((Date.now() + options.dueLeadSeconds * 1000) / 1000) * 1000;
    progress(`schedules: ${options.due} posts due at ${new Date(notBefore).toISOString()}`);
    const events = createEventPublisher(held.nc);
    await Promise.all(
      Array.from({ length: options.due }, (_, n) =>
        events.publish(SUBJECTS.postRequested, {
          requestId: `due-${n}`,
          connectionId: CONNECTION,
          text: `Due post ${n}`,
          notBefore: new Date(notBefore).toISOString(),
        }),
      ),
    );
    const jsm = await jetstreamManager(held.nc);
    const allPublished = withContender.throughput({
      round: -1,
      count: options.due,
      startSeq: 0,
      prefix: 'due-',
    });
    for (;;) {
      const info = await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE).catch(() => undefined);
      if (info && info.num_pending === 0 && info.num_ack_pending === 0) {
        figures.allHeldBeforeDue = Date.now() < notBefore;
        break;
      }
      if (Date.now() >= notBefore) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    progress(`schedules: all ${options.due} held before their second: ${figures.allHeldBeforeDue}`);
    await allPublished;
    const created = (await createEmulatorAdmin(held.emulatorUrl).posts())
      .filter((post) => post.commentary.startsWith('Due post '))
      .map((post) => post.createdAt - notBefore);
    figures.latenessMs = created;
    figures.early = created.filter((ms) => ms < 0).length;
    return figures;
  } finally {
    for (const [, , contender] of sides) await contender.close();
    await Promise.all([plain.close(), held.close()]);
  }
}
