import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { STREAMS, SUBJECTS, tokenIssued, type TokenIssued } from '@li-bus/contracts';
import { PermanentError, runConsumer, type RunningConsumer } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { KeeperMetrics } from './keeper-metrics.ts';
import { scheduleAt } from './plan-actions.ts';
import type { Schedule } from './schedule.ts';
import type { SchedulePolicy } from './schedule-policy.ts';
import type { TokenStore } from './token-store.ts';
import { tokenWriteOf, type TokenEventKind } from './token-write.ts';

export interface IngestDeps {
  nc: NatsConnection;
  store: TokenStore;
  schedule: Schedule;
  keyring: Keyring;
  policy: SchedulePolicy;
  metrics: KeeperMetrics;
  logger: Logger;
  now: () => number;
  /** Told after every write (stored or not), so `tokens.await` requests look again at once. */
  written?: (connectionId: string) => void;
}

export const durableOf = (subject: string) => `token-keeper-${subject.replaceAll('.', '-')}`;

/** Checks that both tokens open for this connection: a payload that does not is never stored. */
function assertSealed(event: TokenIssued, keyring: Keyring): void {
  for (const [field, value] of [
    ['accessToken', event.accessToken],
    ['refreshToken', event.refreshToken],
  ] as const) {
    if (value === undefined) continue;
    try {
      keyring.open(value, event.connectionId);
    } catch (cause) {
      throw new PermanentError('token_unsealable', `${field} does not open for this connection`, { cause });
    }
  }
}

const KINDS: [typeof SUBJECTS.tokenIssued | typeof SUBJECTS.tokenRefreshed, TokenEventKind][] = [
  [SUBJECTS.tokenIssued, 'issued'],
  [SUBJECTS.tokenRefreshed, 'refreshed'],
];

/**
 * Durable consumers for `token.issued` and `token.refreshed`: one atomic merge per event (newer parts win,
 * stale events are counted and ignored, redeliveries are stale by version), then the exact schedule entry.
 */
export async function startTokenIngest(deps: IngestDeps): Promise<RunningConsumer[]> {
  return Promise.all(
    KINDS.map(([subject, kind]) =>
      runConsumer({
        nc: deps.nc,
        stream: STREAMS.tokens.name,
        durable: durableOf(subject),
        subject,
        schema: tokenIssued,
        logger: deps.logger,
        handle: async (event, ctx) => {
          assertSealed(event, deps.keyring);
          const { outcome, record } = await deps.store.writeTokens(tokenWriteOf(event, kind), deps.now());
          deps.metrics.ingested.inc({ subject, outcome });
          if (outcome === 'stale') deps.metrics.stale.inc({ subject });
          if (record) {
            const at = scheduleAt(record, deps.now(), deps.policy);
            await deps.schedule.place(record.connectionId, record.revision, at);
          }
          deps.written?.(event.connectionId);
          ctx.logger.info({ connectionId: event.connectionId, outcome }, `${subject} ingested`);
        },
      }),
    ),
  );
}
