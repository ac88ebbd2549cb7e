// `pnpm bench [--quick] [--skip-1m] [--schedules] [--only emulator,pipeline,callback,keeper,schedules]`: every
// figure beside its baseline measured in the same run, printed as one table on stdout; progress goes to stderr.
import { cpus, loadavg } from 'node:os';
import { measurePostsRate, type PostsRateFigures } from '@li-bus/linkedin-emulator/bench';
import { measureCallback } from '@li-bus/auth-gateway/bench';
import { measurePipeline, measureSchedules } from '@li-bus/publisher/bench';
import { measureKeeper } from '@li-bus/token-keeper/bench';
import { createBullmqContender } from './bullmq-pipeline.ts';
import { callbackRows, keeperRows, pipelineRows } from './rows.ts';
import { scheduleRows } from './schedule-rows.ts';
import { parseSettings } from './settings.ts';
import { formatTable, type Row } from './table.ts';

const settings = parseSettings(process.argv.slice(2));
const runs = (part: string) => settings.only?.has(part) ?? (part !== 'schedules' || settings.withSchedules);
const started = Date.now();
const progress = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const loads: number[] = [loadavg()[0] ?? NaN];
const sampler = setInterval(() => loads.push(loadavg()[0] ?? NaN), 5000);
sampler.unref();

const rows: Row[] = [];
let emulator: PostsRateFigures | undefined;
if (runs('emulator')) {
  progress(`emulator: POST /rest/posts for ${settings.emulatorSeconds} s`);
  emulator = await measurePostsRate({
    seconds: settings.emulatorSeconds,
    connections: 8,
    pipelining: 4,
    concurrency: 64,
  });
}
if (runs('pipeline')) {
  progress(
    `pipeline: ${settings.pipeline.messages} posts × ${settings.pipeline.rounds} rounds per contender`,
  );
  const figures = await measurePipeline({
    ...settings.pipeline,
    extra: { bullmq: createBullmqContender },
    progress,
  });
  rows.push(...pipelineRows(figures, emulator));
}
if (runs('callback')) {
  const figures = await measureCallback({ ...settings.callback, progress });
  rows.push(...callbackRows(figures));
}
if (runs('keeper')) {
  progress(`token-keeper: ${settings.keeper.connections.toLocaleString('en')} connections`);
  const figures = await measureKeeper({ ...settings.keeper, progress });
  rows.push(...keeperRows(figures, settings.keeper.connections, settings.keeper.due));
}
if (runs('schedules')) {
  progress(
    `schedules: fresh posts with ${settings.schedules.scheduled.toLocaleString('en')} scheduled held vs none`,
  );
  rows.push(...scheduleRows(await measureSchedules({ ...settings.schedules, progress })));
}
clearInterval(sampler);
loads.push(loadavg()[0] ?? NaN);

const sorted = [...loads].sort((a, b) => a - b);
const seconds = (Date.now() - started) / 1000;
console.log(`\n${formatTable(rows)}\n`);
console.log(
  `${new Date(started).toISOString()} · ${settings.mode} run · ${(seconds / 60).toFixed(1)} min · ` +
    `${cpus().length} CPUs · load average (1 min) ${sorted[0]?.toFixed(2)}–${sorted.at(-1)?.toFixed(2)}, ` +
    `median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)}`,
);
console.log('ratio = ours / baseline: for posts/s and req/s higher is better, for ms lower is better.');
// Some clients (BullMQ's blocking connections, undici's pools) can keep the loop alive a little longer.
process.exit(0);
