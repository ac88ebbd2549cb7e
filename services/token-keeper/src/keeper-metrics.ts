import { Counter, Gauge, Histogram, type Registry } from '@li-bus/service-kit';
import type { Schedule } from './schedule.ts';

/** token-keeper's Prometheus metrics, registered on the process's registry (served on /metrics). */
export function createKeeperMetrics(registry: Registry, schedule: Schedule) {
  const registers = [registry];
  return {
    ingested: new Counter({
      name: 'token_keeper_ingested_total',
      help: 'Token and status events handled, by subject and outcome (stored, merged, stale, ignored)',
      labelNames: ['subject', 'outcome'],
      registers,
    }),
    stale: new Counter({
      name: 'token_keeper_stale_events_total',
      help: 'Events ignored because the stored state is as new or newer (includes redeliveries)',
      labelNames: ['subject'],
      registers,
    }),
    claimed: new Counter({
      name: 'token_keeper_claimed_total',
      help: 'Schedule entries this replica claimed',
      registers,
    }),
    due: new Counter({
      name: 'token_keeper_due_total',
      help: 'Scheduled actions found due, by action (refresh-due, expiring, expired)',
      labelNames: ['action'],
      registers,
    }),
    emitted: new Counter({
      name: 'token_keeper_emitted_total',
      help: 'Events the scheduler published, by subject',
      labelNames: ['subject'],
      registers,
    }),
    duplicates: new Counter({
      name: 'token_keeper_duplicate_emits_total',
      help: 'Scheduler events JetStream dropped as a repeat of an event id (a lost lease re-emitted)',
      registers,
    }),
    expiring: new Counter({
      name: 'token_keeper_expiring_total',
      help: 'token.expiring notices published, by reason',
      labelNames: ['reason'],
      registers,
    }),
    errors: new Counter({
      name: 'token_keeper_scheduler_errors_total',
      help: 'Connections whose evaluation failed (retried when the lease runs out)',
      registers,
    }),
    tickSeconds: new Histogram({
      name: 'token_keeper_scheduler_tick_seconds',
      help: 'Duration of scheduler ticks that claimed something',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers,
    }),
    entries: new Gauge({
      name: 'token_keeper_schedule_entries',
      help: 'Connections in the schedule (active ones), waiting or leased by a replica',
      labelNames: ['state'],
      registers,
      async collect() {
        const size = await schedule.size();
        this.set({ state: 'waiting' }, size.scheduled);
        this.set({ state: 'leased' }, size.leased);
      },
    }),
  };
}

export type KeeperMetrics = ReturnType<typeof createKeeperMetrics>;
