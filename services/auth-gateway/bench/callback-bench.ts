/**
 * `pnpm --filter @li-bus/auth-gateway bench`: the callback figures of ./callback.ts, printed.
 * `BENCH_REQUESTS` (600) per side, `BENCH_CONCURRENCY` (16), `BENCH_ROUNDS` (3); `BENCH_BARE_KEEPER=1`: the bare
 * route also makes one token-keeper round trip, like the callback's read-your-writes confirmation.
 */
import { measureCallback, type CallbackRound } from './callback.ts';

const options = {
  requests: Number(process.env['BENCH_REQUESTS'] ?? 600),
  concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 16),
  rounds: Number(process.env['BENCH_ROUNDS'] ?? 3),
  bareKeeperRoundTrip: process.env['BENCH_BARE_KEEPER'] === '1',
};
console.log(
  `${options.requests} connect flows per side, concurrency ${options.concurrency}, ${options.rounds} alternating rounds`,
);
const figures = await measureCallback({ ...options, progress: (line) => console.error(line) });
const median = (rounds: CallbackRound[]) =>
  rounds.map((r) => r.rate).sort((a, b) => a - b)[Math.floor(rounds.length / 2)] ?? 0;
for (const [label, rounds] of [
  [
    options.bareKeeperRoundTrip
      ? 'bare Fastify (exchange + keeper trip)'
      : 'bare Fastify (token exchange only)',
    figures.bare,
  ],
  ['gateway /oauth/linkedin/callback', figures.gateway],
] as const) {
  const each = rounds.map((r) => `${r.rate.toFixed(0)}${r.failures ? ` (${r.failures} failed)` : ''}`);
  const cpu = rounds.map((r) => r.cpuMs).sort((a, b) => a - b)[Math.floor(rounds.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(36)} ${median(rounds).toFixed(0).padStart(6)} req/s  [${each.join(', ')}]  CPU ${cpu.toFixed(2)} ms/req`,
  );
}
console.log(`ratio gateway / bare ${(median(figures.gateway) / median(figures.bare)).toFixed(2)}`);
