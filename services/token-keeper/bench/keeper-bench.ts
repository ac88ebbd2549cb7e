/**
 * token-keeper at scale, printed (the figures come from ./keeper.ts):
 *
 *   pnpm --filter @li-bus/token-keeper bench                      # 1,000,000 connections
 *   pnpm --filter @li-bus/token-keeper bench --connections 200000 --due 1000
 */
import { parseArgs } from 'node:util';
import { measureKeeper } from './keeper.ts';

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

const f = await measureKeeper({
  connections: N,
  due: DUE,
  samples: SAMPLES,
  repeats: REPEATS,
  progress: (line) => console.error(line),
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const ms = (x: number) => `${x.toFixed(2)} ms`;
const n = (x: number) => x.toLocaleString('en');

console.log(`
token-keeper benchmark (${n(N)} connections, ${DUE} due per tick, median of ${REPEATS})
  stored                        ${n(f.stored)} connections in ${f.writeSeconds.toFixed(1)} s (${n(Math.round(f.stored / f.writeSeconds))}/s, with their schedule entries)
  Redis memory per connection   ${Math.round(f.memoryPerConnection)} bytes (used_memory delta / connections)
  tick, ${DUE} due, ${n(f.small)} conns     ${ms(median(f.tickSmallMs))}   [${f.tickSmallMs.map(ms).join(', ')}]
  tick, ${DUE} due, ${n(N)} conns  ${ms(median(f.tickLargeMs))}   [${f.tickLargeMs.map(ms).join(', ')}]
  ratio (large / small)         ${(median(f.tickLargeMs) / median(f.tickSmallMs)).toFixed(2)}
  tick, nothing due (median)    ${ms(f.emptyTickSmallMs)} at ${n(f.small)}, ${ms(f.emptyTickLargeMs)} at ${n(N)}
  tokens.get  p50 / p99         ${ms(percentile(f.tokensGetMs, 50))} / ${ms(percentile(f.tokensGetMs, 99))}   (${SAMPLES} requests over NATS)
  Redis HGETALL p50 / p99       ${ms(percentile(f.redisHgetallMs, 50))} / ${ms(percentile(f.redisHgetallMs, 99))}   (same records, same run)
  bare endpoint p50 / p99       ${ms(percentile(f.bareEndpointMs, 50))} / ${ms(percentile(f.bareEndpointMs, 99))}   (services API + the same HGETALL)
`);
