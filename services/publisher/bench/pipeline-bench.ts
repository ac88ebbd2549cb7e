// `pnpm --filter @li-bus/publisher bench`: the pipeline figures of ./pipeline.ts, printed. Tunables:
// BENCH_MESSAGES (2000 per round), BENCH_CONCURRENCY (64), BENCH_ROUNDS (3), BENCH_PACED (400 per round),
// BENCH_RATE (200 per second), BENCH_ONLY (comma-separated contenders, e.g. `publisher` to profile it alone).
import { measurePipeline } from './pipeline.ts';
import { median, quantile } from './stats.ts';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 2000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const PACED = Number(process.env['BENCH_PACED'] ?? 400);
const RATE = Number(process.env['BENCH_RATE'] ?? 200);

const figures = await measurePipeline({
  messages: MESSAGES,
  concurrency: CONCURRENCY,
  rounds: ROUNDS,
  paced: PACED,
  rate: RATE,
  ...(process.env['BENCH_ONLY'] ? { only: process.env['BENCH_ONLY'].split(',') } : {}),
  progress: (line) => console.error(line),
});
const rate = (name: string) => Math.round(median(figures[name]?.postsPerSecond ?? []));
const cpu = (name: string) => median(figures[name]?.cpuMsPerPost ?? []).toFixed(3);
const added = (name: string, q: number) => quantile(figures[name]?.addedMs ?? [], q);
const ms = (value: number) => `${value.toFixed(1)} ms`;
console.log(
  `\npublisher pipeline bench: ${MESSAGES} messages × ${ROUNDS} alternating rounds (medians), concurrency ${CONCURRENCY}, LinkedIn = emulator process\n`,
);
console.log(`  bare consume + ack                         ${String(rate('bareAck')).padStart(7)} msg/s`);
console.log(`  bare consume + 1 undici POST + ack         ${String(rate('barePost')).padStart(7)} posts/s`);
console.log(`  publisher: post.requested → post.published ${String(rate('publisher')).padStart(7)} posts/s`);
console.log(
  `\n  CPU of this process per post: publisher ${cpu('publisher')} ms, bare POST loop ${cpu('barePost')} ms, bare ack loop ${cpu('bareAck')} ms`,
);
console.log(`\n  time before the create leaves (${PACED} requests per round at ${RATE}/s):`);
console.log(`    publisher   p50 ${ms(added('publisher', 0.5))}  p99 ${ms(added('publisher', 0.99))}`);
console.log(`    bare loop   p50 ${ms(added('barePost', 0.5))}  p99 ${ms(added('barePost', 0.99))}`);
console.log(
  `    added by the publisher: p50 ${ms(added('publisher', 0.5) - added('barePost', 0.5))}  p99 ${ms(added('publisher', 0.99) - added('barePost', 0.99))}\n`,
);
