// Sustained `POST /rest/posts` rate of the emulator: `node packages/linkedin-emulator/bench/posts-rate.ts`.
// The emulator runs in its own process (src/main.ts, like `pnpm start`), so client and server do not share a
// CPU. Tunables: BENCH_SECONDS (5), BENCH_CONNECTIONS (8), BENCH_PIPELINING (4), BENCH_CONCURRENCY (64).
import { measurePostsRate } from './measure-posts-rate.ts';

const options = {
  seconds: Number(process.env['BENCH_SECONDS'] ?? 5),
  connections: Number(process.env['BENCH_CONNECTIONS'] ?? 8),
  pipelining: Number(process.env['BENCH_PIPELINING'] ?? 4),
  concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 64),
};
const result = await measurePostsRate(options);
const failed = Object.keys(result.failures).length > 0;
const lines = [
  `POST /rest/posts for ${result.seconds.toFixed(1)} s (${options.connections} connections, pipelining ${options.pipelining}, ${options.concurrency} in flight)`,
  `  sustained: ${result.postsPerSecond.toFixed(0)} posts/s (${result.created} created, emulator counted ${result.counted})`,
  `  latency:   p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`,
  `  failures:  ${failed ? JSON.stringify(result.failures) : 'none'}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
if (failed) process.exitCode = 1;
