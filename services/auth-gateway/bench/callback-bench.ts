/**
 * `pnpm --filter @li-bus/auth-gateway bench`: the callback figures of ./callback.ts, printed.
 * `BENCH_REQUESTS` (600) per side, `BENCH_CONCURRENCY` (16), `BENCH_ROUNDS` (3); `BENCH_BARE_KEEPER=1`: the bare
 * route also makes one token-keeper round trip, like the callback's read-your-writes confirmation;
 * `BENCH_PROFILE_DIR=dir`: `node --cpu-prof` profiles of the server processes there, written when they stop
 * (`bench/src/profile-top.ts` reads them; they include each round's preparation).
 */
import { measureCallback, type CallbackRound } from './callback.ts';

const options = {
  requests: Number(process.env['BENCH_REQUESTS'] ?? 600),
  concurrency: Number(process.env['BENCH_CONCURRENCY'] ?? 16),
  rounds: Number(process.env['BENCH_ROUNDS'] ?? 3),
  bareKeeperRoundTrip: process.env['BENCH_BARE_KEEPER'] === '1',
  profileDir: process.env['BENCH_PROFILE_DIR'],
};
console.log(
  `${options.requests} connect flows per side, concurrency ${options.concurrency}, ${options.rounds} alternating rounds`,
);
const figures = await measureCallback({ ...options, progress: (line) => console.error(line) });
const middle = (xs: (number | undefined)[]) => {
  const known = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return known[Math.floor(known.length / 2)];
};
const ms = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
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
  const cpu = (pick: (r: CallbackRound) => number | undefined) => ms(middle(rounds.map(pick)));
  console.log(
    `${label.padEnd(36)} ${(middle(rounds.map((r) => r.rate)) ?? 0).toFixed(0).padStart(6)} req/s  [${each.join(', ')}]` +
      `  CPU ms/req: server ${cpu((r) => r.cpuMs)}, token-keeper stand-in ${cpu((r) => r.keeperCpuMs)}, client ${cpu((r) => r.clientCpuMs)}`,
  );
}
const rate = (rounds: CallbackRound[]) => middle(rounds.map((r) => r.rate)) ?? 0;
console.log(`ratio gateway / bare ${(rate(figures.gateway) / rate(figures.bare)).toFixed(2)}`);
