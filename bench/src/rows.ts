import type { CallbackFigures } from '@li-bus/auth-gateway/bench';
import type { PostsRateFigures } from '@li-bus/linkedin-emulator/bench';
import { median, quantile, type PipelineFigures } from '@li-bus/publisher/bench';
import type { KeeperFigures } from '@li-bus/token-keeper/bench';
import type { Row } from './table.ts';

/** Median of ours / baseline taken round by round: both sides of a round saw the same outside load. */
const pairedRatio = (ours: readonly number[], baseline: readonly number[]) =>
  median(ours.map((value, i) => value / (baseline[i] ?? NaN)));

/** Medians of per-round figures, ratio paired by round. */
function paired(row: string, ours: readonly number[], baseline: readonly number[], unit: string): Row {
  return { row, ours: median(ours), baseline: median(baseline), ratio: pairedRatio(ours, baseline), unit };
}

export function pipelineRows(f: PipelineFigures, emulator: PostsRateFigures | undefined): Row[] {
  const rates = (name: string) => f[name]?.postsPerSecond ?? [];
  const cpu = (name: string) => f[name]?.cpuMsPerPost ?? [];
  const added = (name: string, q: number) => quantile(f[name]?.addedMs ?? [], q);
  const rows: Row[] = [
    paired(
      'pipeline: publisher vs bare consume + POST + ack',
      rates('publisher'),
      rates('barePost'),
      'posts/s',
    ),
    paired('pipeline: publisher vs bare consume + ack', rates('publisher'), rates('bareAck'), 'posts/s'),
    paired('pipeline: publisher vs BullMQ worker on Redis', rates('publisher'), rates('bullmq'), 'posts/s'),
    paired(
      'CPU per post, bench process: publisher vs bare POST loop',
      cpu('publisher'),
      cpu('barePost'),
      'ms',
    ),
    paired('CPU per post, bench process: publisher vs BullMQ', cpu('publisher'), cpu('bullmq'), 'ms'),
  ];
  if (emulator) {
    rows.push({
      row: 'pipeline: publisher vs emulator alone (not alternated)',
      ours: median(rates('publisher')),
      baseline: emulator.postsPerSecond,
      unit: 'posts/s',
    });
  }
  for (const [label, q] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    rows.push({
      row: `request → create call ${label}: publisher vs bare loop`,
      ours: added('publisher', q),
      baseline: added('barePost', q),
      unit: 'ms',
    });
  }
  for (const [label, q] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    rows.push({
      row: `request → create call ${label}: publisher vs BullMQ`,
      ours: added('publisher', q),
      baseline: added('bullmq', q),
      unit: 'ms',
    });
  }
  return rows;
}

export function callbackRows(f: CallbackFigures): Row[] {
  const rates = (rounds: { rate: number }[]) => rounds.map((r) => r.rate);
  return [paired('OAuth callback: gateway vs bare Fastify route', rates(f.gateway), rates(f.bare), 'req/s')];
}

export function keeperRows(f: KeeperFigures, connections: number, due: number): Row[] {
  const n = (x: number) => (x >= 1_000_000 ? `${x / 1_000_000}M` : `${x / 1000}k`);
  return [
    {
      row: 'tokens.get p50 vs bare Redis HGETALL (same read)',
      ours: quantile(f.tokensGetMs, 0.5),
      baseline: quantile(f.redisHgetallMs, 0.5),
      unit: 'ms',
    },
    {
      row: 'tokens.get p99 vs bare Redis HGETALL (same read)',
      ours: quantile(f.tokensGetMs, 0.99),
      baseline: quantile(f.redisHgetallMs, 0.99),
      unit: 'ms',
    },
    {
      row: 'tokens.get p50 vs bare services endpoint doing the HGETALL',
      ours: quantile(f.tokensGetMs, 0.5),
      baseline: quantile(f.bareEndpointMs, 0.5),
      unit: 'ms',
    },
    {
      row: `scheduler tick, ${due} due: ${n(connections)} vs ${n(f.small)} connections`,
      ours: median(f.tickLargeMs),
      baseline: median(f.tickSmallMs),
      unit: 'ms',
    },
    { row: 'Redis memory per connection', ours: f.memoryPerConnection, baseline: NaN, unit: 'bytes' },
  ];
}
