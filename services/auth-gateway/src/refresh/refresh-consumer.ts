import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { STREAMS, SUBJECTS, tokenRefreshDue } from '@li-bus/contracts';
import { runConsumer, type RunningConsumer } from '@li-bus/messaging';
import { Counter, type Registry } from '@li-bus/service-kit';
import type { RefreshExecutor } from './refresh-executor.ts';

export const REFRESH_DURABLE = 'auth-gateway-refresh';

/** Consumes `token.refresh.due` (one durable shared by every replica) through the project's consumer policy. */
export function startRefreshConsumer(deps: {
  nc: NatsConnection;
  executor: RefreshExecutor;
  logger: Logger;
  concurrency: number;
  durable?: string;
  registry?: Registry | undefined;
}): Promise<RunningConsumer> {
  const outcomes = new Counter({
    name: 'li_bus_refresh_total',
    help: 'token.refresh.due handled, by outcome (refreshed, skipped, reauth_required, transient_failed)',
    labelNames: ['outcome'],
    registers: deps.registry ? [deps.registry] : [],
  });
  return runConsumer({
    nc: deps.nc,
    stream: STREAMS.tokens.name,
    durable: deps.durable ?? REFRESH_DURABLE,
    subject: SUBJECTS.tokenRefreshDue,
    schema: tokenRefreshDue,
    logger: deps.logger,
    concurrency: deps.concurrency,
    maxAttempts: 10,
    handle: async (due, ctx) => void outcomes.inc({ outcome: await deps.executor.handle(due, ctx.logger) }),
    onGiveUp: async (due, error) => {
      await deps.executor.giveUp(due, error);
      outcomes.inc({ outcome: 'transient_failed' });
    },
  });
}
