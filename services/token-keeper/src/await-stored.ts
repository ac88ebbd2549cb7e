import type { ConnectionView, TokensAwaitRequest } from '@li-bus/contracts';
import { TokensGetError } from '@li-bus/token-keeper-client';
import type { SchedulePolicy } from './schedule-policy.ts';
import { viewOf } from './token-keeper-handlers.ts';
import type { TokenRecord } from './token-record.ts';
import type { TokenStore } from './token-store.ts';
import type { WriteSignals } from './write-signals.ts';

/** First and longest gap between two reads while waiting for a write made by another replica (ms). */
export const AWAIT_POLL = { firstMs: 10, maxMs: 100 } as const;

/** Whether the record reflects the awaited event (see `tokensAwaitRequest`): the same rules as the Lua writes. */
export function reflects(record: TokenRecord, event: TokensAwaitRequest['event'], version: number): boolean {
  const statusVersion = record.statusVersion ?? -1;
  switch (event) {
    case 'token.issued':
      return record.version >= version;
    case 'token.refreshed':
      return record.version >= version || statusVersion >= version;
    case 'token.revoked':
      // WRITE_STATUS treats a revoke older than the stored tokens as stale: those tokens are the newer write.
      return statusVersion >= version || record.version > version;
  }
}

/**
 * `tokens.await`: the connection view once the stored record reflects the event, else `not_stored` after
 * `waitMs`. Already stored: one read. Otherwise it reads again when this replica writes the connection, and at
 * least every 10→100 ms (doubling) for writes made by other replicas; bounded by `waitMs` and by shutdown.
 */
export function createAwaitStored(deps: {
  store: Pick<TokenStore, 'get'>;
  signals: WriteSignals;
  policy: SchedulePolicy;
  now: () => number;
}) {
  return async ({ connectionId, event, version, waitMs }: TokensAwaitRequest): Promise<ConnectionView> => {
    const wanted = Date.parse(version);
    const deadline = performance.now() + waitMs;
    let gap: number = AWAIT_POLL.firstMs;
    for (;;) {
      const record = await deps.store.get(connectionId);
      if (record && reflects(record, event, wanted)) return viewOf(record, deps.now(), deps.policy);
      const remaining = deadline - performance.now();
      if (remaining <= 0 || deps.signals.closed) {
        throw new TokensGetError('not_stored', `${event} of ${connectionId} is not stored (yet)`);
      }
      await deps.signals.next(connectionId, Math.min(gap, remaining));
      gap = Math.min(gap * 2, AWAIT_POLL.maxMs);
    }
  };
}
