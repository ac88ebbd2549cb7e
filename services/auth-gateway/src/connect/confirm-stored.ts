import { setTimeout as sleep } from 'node:timers/promises';
import type { AwaitedEvent, ConnectionView } from '@li-bus/contracts';
import { TokensGetError } from '@li-bus/token-keeper-client';
import type { GatewayConfig } from '../config.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';

/** Time left for token-keeper's `not_stored` answer to arrive before the request itself times out (ms). */
const REPLY_MARGIN_MS = 250;
/** Pause before asking again when token-keeper did not answer (restarting, no responders) (ms). */
const RETRY_PAUSE_MS = 100;

/** token-keeper did not confirm the write within `CONFIRM_TIMEOUT_MS`; `cause` is its last answer. */
export class StoredNotConfirmedError extends Error {
  readonly code = 'not_confirmed';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoredNotConfirmedError';
  }
}

export interface AwaitedWrite {
  connectionId: string;
  event: AwaitedEvent;
  /** The event's own time (`issuedAt`, `revokedAt`). */
  version: string;
}

/**
 * Read your writes: waits, at most `CONFIRM_TIMEOUT_MS`, until token-keeper has stored the event (`tokens.await`,
 * answered by any replica) and returns the stored view. token-keeper not answering (restarting, no replica up)
 * is asked again until the time is up. Throws StoredNotConfirmedError.
 */
export async function confirmStored(
  deps: {
    tokenKeeper: Pick<TokenKeeperClient, 'awaitStored'>;
    config: Pick<GatewayConfig, 'confirmTimeoutMs'>;
  },
  write: AwaitedWrite,
): Promise<ConnectionView> {
  const timeoutMs = deps.config.confirmTimeoutMs;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const remaining = deadline - performance.now();
    const waitMs = Math.max(0, Math.floor(remaining - REPLY_MARGIN_MS));
    try {
      return await deps.tokenKeeper.awaitStored({ ...write, waitMs }, Math.max(1, Math.ceil(remaining)));
    } catch (error) {
      const answered = error instanceof TokensGetError && error.code !== 'internal';
      if (answered || deadline - performance.now() <= RETRY_PAUSE_MS) {
        throw new StoredNotConfirmedError(
          `token-keeper did not confirm ${write.event} of ${write.connectionId} within ${timeoutMs} ms`,
          { cause: error },
        );
      }
      await sleep(RETRY_PAUSE_MS);
    }
  }
}
