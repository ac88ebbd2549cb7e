import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { STREAMS, SUBJECTS, tokenIssued, type TokenIssued } from '@li-bus/contracts';
import { PermanentError, runConsumer, type RunningConsumer } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { recordFromEvent } from './token-record.ts';
import type { TokenStore } from './token-store.ts';

export interface IngestDeps {
  nc: NatsConnection;
  store: TokenStore;
  keyring: Keyring;
  logger: Logger;
}

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

/** Durable consumers for `token.issued` and `token.refreshed`: store the newer tokens, ignore stale ones. */
export async function startTokenIngest(deps: IngestDeps): Promise<RunningConsumer[]> {
  const subjects = [SUBJECTS.tokenIssued, SUBJECTS.tokenRefreshed] as const;
  return Promise.all(
    subjects.map((subject) =>
      runConsumer({
        nc: deps.nc,
        stream: STREAMS.tokens.name,
        durable: `token-keeper-${subject.replaceAll('.', '-')}`,
        subject,
        schema: tokenIssued,
        logger: deps.logger,
        handle: async (event, ctx) => {
          assertSealed(event, deps.keyring);
          const previous = await deps.store.get(event.connectionId);
          const outcome = await deps.store.put(recordFromEvent(event, previous));
          ctx.logger.info({ connectionId: event.connectionId, outcome }, `${subject} ingested`);
        },
      }),
    ),
  );
}
