// Posts/s through the whole publisher (post.requested → emulator → post.published) beside two baselines on the
// same stored messages, a bare consume + one undici POST + ack loop and a bare consume-and-ack, in alternating
// rounds; then the time each adds before its create call leaves, at a paced rate well under capacity. Callers
// may add contenders (the bench package adds a BullMQ worker).
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { createBareAckContender, createBarePostContender } from './bare-contenders.ts';
import { startBenchInfra } from './bench-setup.ts';
import type { Contender, ContenderFactory } from './contender.ts';
import { createPublisherContender } from './publisher-contender.ts';

export interface PipelineOptions {
  /** Requests per round and contender. */
  messages: number;
  concurrency: number;
  rounds: number;
  /** Paced requests per round and contender, and their rate per second. */
  paced: number;
  rate: number;
  /** More contenders, measured in the same rounds. */
  extra?: Record<string, ContenderFactory>;
  /** Only these contenders (default: all), e.g. `['publisher']` to profile it alone. */
  only?: string[];
  progress?: (line: string) => void;
}

export interface ContenderFigures {
  /** One figure per round. */
  postsPerSecond: number[];
  /** CPU time of this process (user + system) per post, one figure per round: steadier than rates under
   * outside load. The servers (nats-server, Redis, the emulator) run in their own processes and are not in it. */
  cpuMsPerPost: number[];
  /** Every paced request of every round: ms from sending to the create call leaving. */
  addedMs: number[];
}

export type PipelineFigures = Record<string, ContenderFigures>;

export const BUILT_IN_CONTENDERS = {
  bareAck: createBareAckContender,
  barePost: createBarePostContender,
  publisher: createPublisherContender,
} satisfies Record<string, ContenderFactory>;

const CONNECTION = 'conn_bench';

const label = (round: number) => (round === 0 ? 'warm-up round' : `round ${round}`);

export async function measurePipeline(options: PipelineOptions): Promise<PipelineFigures> {
  const progress = options.progress ?? (() => undefined);
  const infra = await startBenchInfra(CONNECTION);
  const events = createEventPublisher(infra.nc);
  const contenders: [string, Contender][] = [];
  const figures: PipelineFigures = {};
  try {
    for (const [name, factory] of Object.entries({ ...BUILT_IN_CONTENDERS, ...options.extra })) {
      if (options.only && !options.only.includes(name)) continue;
      contenders.push([name, await factory(infra, options.concurrency)]);
      figures[name] = { postsPerSecond: [], cpuMsPerPost: [], addedMs: [] };
    }
    // Round 0 warms everyone up (JIT, connections, the emulator's first posts) and is not counted.
    for (let round = 0; round <= options.rounds; round += 1) {
      const prefix = `bench-r${round}-`;
      const acks = await Promise.all(
        Array.from({ length: options.messages }, (_, n) =>
          events.publish(SUBJECTS.postRequested, {
            requestId: `${prefix}${n}`,
            connectionId: CONNECTION,
            text: `Bench post ${round}.${n}`,
          }),
        ),
      );
      const batch = { round, count: options.messages, startSeq: Math.min(...acks.map((a) => a.seq)), prefix };
      // A different contender goes first each round, so drifting outside load hits them all alike.
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
      for (const [name, contender] of order) {
        const cpu = process.cpuUsage();
        const ms = await contender.throughput(batch);
        const used = process.cpuUsage(cpu);
        const rate = (options.messages / ms) * 1000;
        if (round > 0) {
          figures[name]!.postsPerSecond.push(rate);
          figures[name]!.cpuMsPerPost.push((used.user + used.system) / 1000 / options.messages);
        }
        progress(`pipeline ${label(round)}: ${name} ${Math.round(rate)} posts/s`);
      }
      for (const [name, contender] of order) {
        if (!contender.paced || options.paced === 0) continue;
        const added = await contender.paced(round, options.paced, options.rate);
        if (round > 0) figures[name]!.addedMs.push(...added);
      }
      progress(`pipeline ${label(round)}: paced requests done`);
    }
    return figures;
  } finally {
    for (const [, contender] of contenders) await contender.close();
    await infra.close();
  }
}
