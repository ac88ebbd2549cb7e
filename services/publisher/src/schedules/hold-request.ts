import type { PostRequested } from '@li-bus/contracts';
import type { MessageContext } from '@li-bus/messaging';
import { PostFailure } from '../failures.ts';
import type { PublishLedger, WaitingEntry } from '../ledger.ts';
import type { ScheduleCapacity } from './schedule-capacity.ts';
import type { Scheduler } from './scheduler.ts';
import type { WaitingCount } from './waiting-count.ts';

export interface HoldDeps {
  ledger: PublishLedger;
  scheduler: Scheduler;
  waiting: WaitingCount;
  /** Refuses requests that would start waiting when `PUBLISHER_SCHEDULES` is nearly full. */
  capacity: Pick<ScheduleCapacity, 'assertRoom'>;
  /** `PUBLISH_MAX_SCHEDULED_PER_CONNECTION`. */
  maxScheduledPerConnection: number;
}

/**
 * Counted once per transition: a request enters `waiting` at most once (only from no entry; it leaves for
 * `armed`, `cancelled` or `failed` and never comes back), so its id names the transition.
 */
export const enteredWaitingId = (requestId: string) => `${requestId}:waiting:in`;
export const leftWaitingId = (requestId: string) => `${requestId}:waiting:out`;

const reasonOf = (reason: string): WaitingEntry['reason'] =>
  reason === 'throttled' || reason === 'retry' ? reason : 'scheduled';

/**
 * The publisher's `onDefer`: records the wait in the ledger (`waiting`, created or compare-and-set from the entry
 * seen), then hands the request to a server-side schedule; the consumer acks after that. A crash between the
 * two leaves `waiting` without a schedule: the redelivery sees `waiting` and schedules again (same subject,
 * replaced). An `armed` entry (a create LinkedIn refused, or one to reconcile) keeps its record and just waits,
 * and so does a published post whose first comment waits.
 */
export function createHolder(deps: HoldDeps) {
  const { ledger } = deps;

  /** +1 for the connection; over the limit, −1 again and the request ends `invalid_request`. */
  async function countIn(post: PostRequested) {
    const count = await deps.waiting.add(post.connectionId, 1, enteredWaitingId(post.requestId));
    if (count <= deps.maxScheduledPerConnection) return;
    await deps.waiting.add(post.connectionId, -1, leftWaitingId(post.requestId));
    throw new PostFailure(
      'invalid_request',
      `connection ${post.connectionId} already has ${deps.maxScheduledPerConnection} waiting requests, the most ` +
        'PUBLISH_MAX_SCHEDULED_PER_CONNECTION allows: send it closer to its time or cancel others',
    );
  }

  return async function hold(post: PostRequested, untilMs: number, ctx: MessageContext, reason: string) {
    const entry: WaitingEntry = {
      state: 'waiting',
      connectionId: post.connectionId,
      until: untilMs,
      reason: reasonOf(reason),
    };
    for (;;) {
      const seen = await ledger.get(post.requestId);
      const state = seen?.value.state;
      // A published post whose first comment waits (LinkedIn's comment throttle) keeps its record, like `armed`.
      const commentWaits = seen?.value.state === 'published' && seen.value.comment?.state === 'armed';
      if (commentWaits) {
        await deps.scheduler.schedule(post, untilMs);
        return;
      }
      if (state === 'published' || state === 'failed' || state === 'cancelled') {
        // Settled by another delivery or a cancel since the handler looked; that one emitted the outcome.
        ctx.logger.info({ requestId: post.requestId, state }, 'settled meanwhile; not scheduled');
        return;
      }
      if (seen && state !== 'armed') {
        if (!(await ledger.replace(post.requestId, entry, seen.revision))) continue;
      } else if (!seen) {
        // Only a request entering the system is refused; one already waiting, armed or throttled goes on.
        await deps.capacity.assertRoom();
        if (!(await ledger.claim(post.requestId, entry))) continue;
        await countIn(post);
      }
      await deps.scheduler.schedule(post, untilMs);
      ctx.logger.info(
        { requestId: post.requestId, until: new Date(untilMs).toISOString(), reason: entry.reason },
        'waiting on a server-side schedule',
      );
      return;
    }
  };
}
