import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { STREAMS, SUBJECTS, tokenRefreshDue } from '@li-bus/contracts';
import { runConsumer, type RunningConsumer } from '@li-bus/messaging';
import type { RefreshExecutor } from './refresh-executor.ts';

export const REFRESH_DURABLE = 'auth-gateway-refresh';

/** Consumes `token.refresh.due` (one durable shared by every replica) through the project's consumer policy. */
export function startRefreshConsumer(deps: {
  nc: NatsConnection;
  executor: RefreshExecutor;
  logger: Logger;
  concurrency: number;
  durable?: string;
}): Promise<RunningConsumer> {
  return runConsumer({
    nc: deps.nc,
    stream: STREAMS.tokens.name,
    durable: deps.durable ?? REFRESH_DURABLE,
    subject: SUBJECTS.tokenRefreshDue,
    schema: tokenRefreshDue,
    logger: deps.logger,
    concurrency: deps.concurrency,
    maxAttempts: 10,
    handle: async (due, ctx) => void (await deps.executor.handle(due, ctx.logger)),
    onGiveUp: (due, error) => deps.executor.giveUp(due, error),
  });
}
