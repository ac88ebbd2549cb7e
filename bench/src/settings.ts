import { parseArgs } from 'node:util';
import type { SchedulesOptions } from '@li-bus/publisher/bench';

/** How much each part measures: `--quick` (a minute or two), the default full run, `--skip-1m`. */
export interface BenchSettings {
  mode: 'quick' | 'full';
  emulatorSeconds: number;
  pipeline: { messages: number; rounds: number; paced: number; rate: number; concurrency: number };
  callback: { requests: number; rounds: number; concurrency: number };
  keeper: { connections: number; due: number; samples: number; repeats: number };
  schedules: SchedulesOptions;
  only: Set<string> | undefined;
  /** The schedules part runs only when asked for (`--schedules` or `--only schedules`): 8 minutes for 1M here. */
  withSchedules: boolean;
}

export const PARTS = ['emulator', 'pipeline', 'callback', 'keeper', 'schedules'] as const;

export function parseSettings(argv: string[]): BenchSettings {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      'skip-1m': { type: 'boolean', default: false },
      only: { type: 'string' },
      schedules: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  for (const part of only ?? []) {
    if (!(PARTS as readonly string[]).includes(part))
      throw new Error(`--only: unknown part ${part} (${PARTS.join(', ')})`);
  }
  // The publisher's default PUBLISH_CONCURRENCY is 16; 64 is what its own bench has always used, so the
  // loops are limited by the work, not by the slots. Every contender gets the same.
  const concurrency = 64;
  return {
    mode: quick ? 'quick' : 'full',
    emulatorSeconds: quick ? 3 : 10,
    pipeline: quick
      ? { messages: 1000, rounds: 3, paced: 200, rate: 200, concurrency }
      : { messages: 3000, rounds: 7, paced: 400, rate: 200, concurrency },
    callback: quick
      ? { requests: 240, rounds: 3, concurrency: 16 }
      : { requests: 2100, rounds: 7, concurrency: 16 },
    keeper: {
      connections: quick ? 50_000 : values['skip-1m'] ? 100_000 : 1_000_000,
      due: quick ? 500 : 1000,
      samples: quick ? 500 : 2000,
      repeats: quick ? 3 : 7,
    },
    schedules: {
      // `BENCH_SCHEDULED` sets how many scheduled posts are held (the figure is 1,000,000).
      scheduled: Number(
        process.env['BENCH_SCHEDULED'] ?? (quick ? 20_000 : values['skip-1m'] ? 100_000 : 1_000_000),
      ),
      messages: quick ? 1000 : 3000,
      // Even, so each side goes first equally often: going first or second moved a round's ratio by up to 2×.
      rounds: quick ? 4 : 8,
      paced: quick ? 200 : 400,
      rate: 200,
      concurrency,
      due: quick ? 2000 : 10_000,
      dueLeadSeconds: quick ? 15 : 30,
    },
    only,
    withSchedules: values.schedules,
  };
}
