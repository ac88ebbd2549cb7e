import { median, quantile, type SchedulesFigures } from '@li-bus/publisher/bench';
import type { Row } from './table.ts';

const pairedRatio = (ours: readonly number[], baseline: readonly number[]) =>
  median(ours.map((value, i) => value / (baseline[i] ?? NaN)));

const count = (n: number) =>
  n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000
      ? `${Math.round(n / 1000)}k`
      : `${n}`;

/** Fresh posts with N scheduled posts held beside none (paired rounds), lateness, and NATS's cost per post. */
export function scheduleRows(f: SchedulesFigures): Row[] {
  const held = `${count(f.scheduled)} scheduled held vs none`;
  const added = (side: SchedulesFigures['with'], q: number) => quantile(side.addedMs, q);
  const memory = (key: 'rssBytes' | 'varzBytes') => (f.memoryAfter[key] - f.memoryBefore[key]) / f.scheduled;
  const due = `${count(f.due)} due in one second`;
  return [
    {
      row: `fresh posts: ${held}`,
      ours: median(f.with.postsPerSecond),
      baseline: median(f.without.postsPerSecond),
      ratio: pairedRatio(f.with.postsPerSecond, f.without.postsPerSecond),
      unit: 'posts/s',
    },
    {
      row: `CPU per post, bench process: ${held}`,
      ours: median(f.with.cpuMsPerPost),
      baseline: median(f.without.cpuMsPerPost),
      ratio: pairedRatio(f.with.cpuMsPerPost, f.without.cpuMsPerPost),
      unit: 'ms',
    },
    ...(
      [
        ['p50', 0.5],
        ['p99', 0.99],
      ] as const
    ).map(([label, q]) => ({
      row: `request → create call ${label}: ${held}`,
      ours: added(f.with, q),
      baseline: added(f.without, q),
      unit: 'ms',
    })),
    ...(
      [
        ['first', 0],
        ['p50', 0.5],
        ['p99', 0.99],
      ] as const
    ).map(([label, q]) => ({
      row: `lateness ${label} (LinkedIn create − notBefore), ${due}`,
      ours: quantile(f.latenessMs, q),
      baseline: NaN,
      unit: 'ms',
    })),
    { row: `posts created before notBefore, ${due}`, ours: f.early, baseline: NaN, unit: 'posts' },
    {
      row: `posts published of ${due}`,
      ours: f.latenessMs.length,
      baseline: f.due,
      unit: 'posts',
    },
    {
      row: `schedules still held after the rounds (of ${count(f.scheduled)})`,
      ours: f.heldAfter,
      baseline: f.scheduled,
      unit: 'posts',
    },
    {
      row: 'NATS disk per scheduled post: schedule',
      ours: f.scheduleBytesPerPost,
      baseline: NaN,
      unit: 'bytes',
    },
    {
      row: 'NATS disk per scheduled post: ledger entry',
      ours: f.ledgerBytesPerPost,
      baseline: NaN,
      unit: 'bytes',
    },
    {
      row: 'nats-server RSS per scheduled post (/proc)',
      ours: memory('rssBytes'),
      baseline: NaN,
      unit: 'bytes',
    },
    {
      row: 'nats-server memory per scheduled post (/varz)',
      ours: memory('varzBytes'),
      baseline: NaN,
      unit: 'bytes',
    },
    {
      row: `loading ${count(f.scheduled)} held posts (plain publishes, counted)`,
      ours: f.scheduled / (f.loadMs / 1000),
      baseline: NaN,
      unit: 'posts/s',
    },
  ];
}
