// `node services/publisher/bench/schedules-bench.ts`: the figures of ./schedules.ts alone, as JSON summaries.
// BENCH_SCHEDULED (held posts, default 100,000), BENCH_MESSAGES (2000), BENCH_ROUNDS (3), BENCH_DUE (10,000).
import { measureSchedules } from './schedules.ts';
import { median, quantile } from './stats.ts';

const figures = await measureSchedules({
  scheduled: Number(process.env['BENCH_SCHEDULED'] ?? 100_000),
  messages: Number(process.env['BENCH_MESSAGES'] ?? 2000),
  rounds: Number(process.env['BENCH_ROUNDS'] ?? 3),
  paced: Number(process.env['BENCH_PACED'] ?? 400),
  rate: 200,
  concurrency: 64,
  due: Number(process.env['BENCH_DUE'] ?? 10_000),
  dueLeadSeconds: Number(process.env['BENCH_DUE_LEAD_S'] ?? 30),
  progress: (line) => console.error(line),
});
const side = (name: 'with' | 'without') => ({
  postsPerSecond: Math.round(median(figures[name].postsPerSecond)),
  cpuMsPerPost: median(figures[name].cpuMsPerPost),
  addedP50Ms: quantile(figures[name].addedMs, 0.5),
  addedP99Ms: quantile(figures[name].addedMs, 0.99),
});
console.log(
  JSON.stringify(
    {
      scheduled: figures.scheduled,
      without: side('without'),
      with: side('with'),
      loadSeconds: figures.loadMs / 1000,
      scheduleBytesPerPost: figures.scheduleBytesPerPost,
      ledgerBytesPerPost: figures.ledgerBytesPerPost,
      memoryBefore: figures.memoryBefore,
      memoryAfter: figures.memoryAfter,
      heldAfter: figures.heldAfter,
      due: figures.due,
      allHeldBeforeDue: figures.allHeldBeforeDue,
      latenessP50Ms: quantile(figures.latenessMs, 0.5),
      latenessP99Ms: quantile(figures.latenessMs, 0.99),
      published: figures.latenessMs.length,
      early: figures.early,
    },
    null,
    2,
  ),
);
process.exit(0);
