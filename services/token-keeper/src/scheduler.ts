import type { EventPublisher } from '@li-bus/messaging';
import type { Logger } from 'pino';
import { eventFor } from './action-events.ts';
import type { KeeperMetrics } from './keeper-metrics.ts';
import { planActions } from './plan-actions.ts';
import type { Schedule } from './schedule.ts';
import type { SchedulePolicy } from './schedule-policy.ts';
import type { TokenRecord } from './token-record.ts';
import type { TokenStore } from './token-store.ts';

export interface SchedulerOptions {
  intervalMs: number;
  /** Entries claimed per round trip; a tick claims rounds until nothing is due. */
  batchSize: number;
  /** How long a claim holds entries; past it, another replica takes them over. */
  leaseMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  intervalMs: 1000,
  batchSize: 500,
  leaseMs: 60_000,
};

export interface SchedulerDeps {
  store: TokenStore;
  schedule: Schedule;
  publisher: EventPublisher;
  policy: SchedulePolicy;
  metrics: KeeperMetrics;
  logger: Logger;
  now: () => number;
  options: SchedulerOptions;
}

export interface TickResult {
  claimed: number;
  emitted: number;
}

export interface Scheduler {
  /** Claims and handles everything due now; work grows with the due entries, not with the connections. */
  tick(): Promise<TickResult>;
  start(): void;
  /** Stops the loop and waits for the tick in flight. */
  stop(): Promise<void>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { store, schedule, publisher, policy, metrics, logger, options } = deps;

  async function emitDue(
    connectionId: string,
    record: TokenRecord,
    now: number,
  ): Promise<{ emitted: number; plan: ReturnType<typeof planActions> }> {
    const plan = planActions(record, now, policy);
    let emitted = 0;
    for (const action of plan.actions) {
      metrics.due.inc({ action: action.kind });
      const event = eventFor(connectionId, action);
      const { duplicate } = await publisher.publish(event.subject, event.body);
      if (duplicate) {
        metrics.duplicates.inc();
        continue;
      }
      emitted += 1;
      metrics.emitted.inc({ subject: event.subject });
      if (action.kind === 'expiring') metrics.expiring.inc({ reason: action.reason });
    }
    return { emitted, plan };
  }

  async function evaluate(connectionId: string, record: TokenRecord | null, lease: number, now: number) {
    try {
      if (!record) {
        await schedule.commit({
          connectionId,
          lease,
          revision: -1,
          nextAt: null,
          expire: false,
          markers: {},
          now,
        });
        return 0;
      }
      const { emitted, plan } = await emitDue(connectionId, record, now);
      const { markers, expire, nextAt } = plan;
      await schedule.commit({ connectionId, lease, revision: record.revision, nextAt, expire, markers, now });
      return emitted;
    } catch (error) {
      metrics.errors.inc();
      logger.warn({ err: error, connectionId }, 'evaluation failed; retried when the lease runs out');
      return 0;
    }
  }

  async function tick(): Promise<TickResult> {
    const total: TickResult = { claimed: 0, emitted: 0 };
    const stopTimer = metrics.tickSeconds.startTimer();
    for (;;) {
      const now = deps.now();
      const claim = await schedule.claimDue(now, options.batchSize, options.leaseMs);
      const ids = claim.connectionIds;
      if (ids.length === 0) break;
      metrics.claimed.inc(ids.length);
      total.claimed += ids.length;
      const records = await store.getMany(ids);
      const emitted = await Promise.all(
        ids.map((id, i) => evaluate(id, records[i] ?? null, claim.lease, now)),
      );
      total.emitted += emitted.reduce((sum, n) => sum + n, 0);
      if (ids.length < options.batchSize) break;
    }
    if (total.claimed > 0) {
      stopTimer();
      logger.debug(total, 'scheduler tick');
    }
    return total;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const loop = () => {
    running = tick()
      .catch((error: unknown) => logger.error({ err: error }, 'scheduler tick failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs);
      });
  };

  return {
    tick,
    start() {
      stopped = false;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
