import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Service } from '@nats-io/services';
import type { Logger } from 'pino';
import { createEventPublisher, type RunningConsumer } from '@li-bus/messaging';
import { serveTokenKeeper } from '@li-bus/token-keeper-client';
import { createMetricsRegistry, createOpsApp, type Registry, type WorkerService } from '@li-bus/service-kit';
import type { Keyring } from '@li-bus/sealing';
import { startTokenIngest } from './ingest.ts';
import { createKeeperMetrics } from './keeper-metrics.ts';
import type { Schedule } from './schedule.ts';
import { DEFAULT_POLICY, type SchedulePolicy } from './schedule-policy.ts';
import { rebuildScheduleIfNeeded } from './schedule-rebuild.ts';
import {
  createScheduler,
  DEFAULT_SCHEDULER_OPTIONS,
  type Scheduler,
  type SchedulerOptions,
} from './scheduler.ts';
import { DEFAULT_STATUS_INGEST, startStatusIngest, type StatusIngestOptions } from './status-ingest.ts';
import { createTokenKeeperHandlers } from './token-keeper-handlers.ts';
import { createAwaitStored } from './await-stored.ts';
import { createWriteSignals } from './write-signals.ts';
import type { TokenStore } from './token-store.ts';
import { startConnectionCensus } from './connection-census.ts';

export interface KeeperDeps {
  nc: NatsConnection;
  store: TokenStore;
  schedule: Schedule;
  keyring: Keyring;
  logger: Logger;
  policy?: SchedulePolicy;
  scheduler?: Partial<SchedulerOptions>;
  statusIngest?: Partial<StatusIngestOptions>;
  /** The process's metrics registry (a new one when absent). */
  registry?: Registry;
  /** The clock everything reads (tests move it). */
  now?: () => number;
  storeReady?: () => boolean;
  /** How often connections are counted by status for the metrics (default 5 minutes). */
  censusIntervalMs?: number;
}

/** Token ingest, the scheduler and the `tokens.*` endpoints of one replica. */
export interface Keeper extends WorkerService {
  scheduler: Scheduler;
  registry: Registry;
}

export function buildKeeper(deps: KeeperDeps): Keeper {
  const now = deps.now ?? Date.now;
  const policy = deps.policy ?? DEFAULT_POLICY;
  const registry = deps.registry ?? createMetricsRegistry('token-keeper');
  const metrics = createKeeperMetrics(registry, deps.schedule);
  const log = (component: string) => deps.logger.child({ component });
  const scheduler = createScheduler({
    store: deps.store,
    schedule: deps.schedule,
    publisher: createEventPublisher(deps.nc),
    policy,
    metrics,
    logger: log('scheduler'),
    now,
    options: { ...DEFAULT_SCHEDULER_OPTIONS, ...deps.scheduler },
  });
  const signals = createWriteSignals();
  const written = (connectionId: string) => signals.written(connectionId);
  let consumers: RunningConsumer[] = [];
  let census: { stop(): Promise<void> } | undefined;
  let service: Service | undefined;
  let started = false;
  const { http, readiness } = createOpsApp(
    deps.logger,
    {
      nats: () => !deps.nc.isClosed(),
      redis: deps.storeReady ?? (() => true),
      consumers: () => started,
    },
    registry,
  );

  return {
    http,
    readiness,
    scheduler,
    registry,
    async start() {
      const common = { store: deps.store, schedule: deps.schedule, policy, now };
      await rebuildScheduleIfNeeded({ ...common, logger: log('schedule-rebuild'), holder: randomUUID() });
      const ingestLogger = log('ingest');
      consumers = [
        ...(await startTokenIngest({
          ...common,
          nc: deps.nc,
          keyring: deps.keyring,
          metrics,
          logger: ingestLogger,
          written,
        })),
        ...(await startStatusIngest({
          ...common,
          nc: deps.nc,
          metrics,
          logger: ingestLogger,
          options: { ...DEFAULT_STATUS_INGEST, ...deps.statusIngest },
          written,
        })),
      ];
      service = await serveTokenKeeper(deps.nc, {
        version: '0.2.0',
        logger: log('tokens-service'),
        handlers: {
          ...createTokenKeeperHandlers({ store: deps.store, policy, now }),
          'tokens.await': createAwaitStored({ store: deps.store, signals, policy, now }),
        },
      });
      scheduler.start();
      census = startConnectionCensus({
        store: deps.store,
        policy,
        registry,
        logger: log('census'),
        now,
        intervalMs: deps.censusIntervalMs ?? 300_000,
      });
      started = true;
    },
    async stop() {
      readiness.markClosing();
      signals.close(); // waiting `tokens.await` requests answer `not_stored` now, not after their waitMs
      await scheduler.stop();
      await census?.stop();
      await service?.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    },
  };
}
