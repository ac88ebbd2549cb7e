import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { STREAMS, SUBJECTS, tokenRefreshFailed, tokenRevoked } from '@li-bus/contracts';
import {
  PermanentError,
  runConsumer,
  TransientError,
  type MessageContext,
  type RunningConsumer,
} from '@li-bus/messaging';
import { durableOf } from './ingest.ts';
import type { KeeperMetrics } from './keeper-metrics.ts';
import type { StatusChange, TokenStore } from './token-store.ts';

export interface StatusIngestOptions {
  /** A status event may overtake its connection's `token.issued` (another consumer): retry this often… */
  unknownConnectionAttempts: number;
  /** …this far apart, before giving up on an unknown connection id. */
  unknownConnectionRetryMs: number;
}

export const DEFAULT_STATUS_INGEST: StatusIngestOptions = {
  unknownConnectionAttempts: 5,
  unknownConnectionRetryMs: 2000,
};

export interface StatusIngestDeps {
  nc: NatsConnection;
  store: TokenStore;
  metrics: KeeperMetrics;
  logger: Logger;
  now: () => number;
  options: StatusIngestOptions;
  /** Told after every write, so `tokens.await` requests look again at once. */
  written?: (connectionId: string) => void;
}

/**
 * Durable consumers for `token.revoked` and `token.refresh.failed`. `revoked` and `reauth_required` are stored
 * as the connection's status, versioned by the event's time (`revokedAt`; the stream's timestamp for a refresh
 * failure, which carries none); `transient` failures change nothing, the scheduler re-emits `token.refresh.due`.
 */
export async function startStatusIngest(deps: StatusIngestDeps): Promise<RunningConsumer[]> {
  async function apply(subject: string, change: StatusChange, ctx: MessageContext) {
    const outcome = await deps.store.writeStatus(change);
    deps.written?.(change.connectionId);
    deps.metrics.ingested.inc({ subject, outcome });
    if (outcome === 'unknown') {
      const message = `no connection ${change.connectionId}`;
      if (ctx.attempt < deps.options.unknownConnectionAttempts) {
        throw new TransientError('connection_not_found', message, {
          retryAfterMs: deps.options.unknownConnectionRetryMs,
        });
      }
      throw new PermanentError('connection_not_found', message);
    }
    if (outcome === 'stale') deps.metrics.stale.inc({ subject });
    ctx.logger.info(
      { connectionId: change.connectionId, status: change.status, outcome },
      `${subject} ingested`,
    );
  }

  const common = { nc: deps.nc, stream: STREAMS.tokens.name, logger: deps.logger };
  return Promise.all([
    runConsumer({
      ...common,
      durable: durableOf(SUBJECTS.tokenRevoked),
      subject: SUBJECTS.tokenRevoked,
      schema: tokenRevoked,
      handle: (event, ctx) =>
        apply(
          SUBJECTS.tokenRevoked,
          { connectionId: event.connectionId, status: 'revoked', version: Date.parse(event.revokedAt) },
          ctx,
        ),
    }),
    runConsumer({
      ...common,
      durable: durableOf(SUBJECTS.tokenRefreshFailed),
      subject: SUBJECTS.tokenRefreshFailed,
      schema: tokenRefreshFailed,
      handle: async (event, ctx) => {
        if (event.code === 'transient') {
          deps.metrics.ingested.inc({ subject: SUBJECTS.tokenRefreshFailed, outcome: 'ignored' });
          ctx.logger.info(
            { connectionId: event.connectionId },
            'transient refresh failure: retried by schedule',
          );
          return;
        }
        const version = ctx.publishedAtMs ?? deps.now();
        const change = { connectionId: event.connectionId, status: 'reauth_required', version } as const;
        await apply(SUBJECTS.tokenRefreshFailed, change, ctx);
      },
    }),
  ]);
}
