import { SUBJECTS, type PostCancelRequested } from '@li-bus/contracts';
import type { EventPublisher, MessageContext } from '@li-bus/messaging';
import type { CancelledEntry, PublishLedger } from './ledger.ts';
import { leftWaitingId } from './schedules/hold-request.ts';
import type { Scheduler } from './schedules/scheduler.ts';
import type { WaitingCount } from './schedules/waiting-count.ts';

export interface CancelDeps {
  ledger: PublishLedger;
  events: EventPublisher;
  scheduler: Pick<Scheduler, 'unschedule'>;
  waiting: Pick<WaitingCount, 'add'>;
  now: () => number;
}

type RejectReason = 'already_published' | 'not_found';

/**
 * `post.cancel.requested`: the ledger decides, by compare-and-set, so a cancel racing the due time has one
 * winner (the fired request arms by compare-and-set from the same `waiting` revision). Cancellable: `waiting`,
 * an `armed` create LinkedIn refused (nothing landed, no handler holds it), or no entry yet when the command
 * names the connection (a tombstone every later delivery finds). Anything that may have reached LinkedIn is
 * rejected `already_published`; an unknown or failed request `not_found`. Cancelling again repeats the event.
 */
export function createCancelHandler(deps: CancelDeps) {
  const { ledger, now } = deps;

  async function cancelled(
    requestId: string,
    connectionId: string,
    cancelledAt: string,
    ctx: MessageContext,
  ) {
    ctx.logger.info({ requestId }, 'request cancelled');
    await deps.events.publish(SUBJECTS.postCancelled, {
      eventId: `${requestId}:cancelled`,
      requestId,
      connectionId,
      cancelledAt,
    });
  }

  async function rejected(requestId: string, reason: RejectReason, ctx: MessageContext) {
    ctx.logger.info({ requestId, reason }, 'cancel rejected');
    await deps.events.publish(SUBJECTS.postCancelRejected, {
      eventId: `${requestId}:cancel-rejected:${reason}`,
      requestId,
      reason,
    });
  }

  return async function handleCancel(command: PostCancelRequested, ctx: MessageContext): Promise<void> {
    const { requestId } = command;
    for (;;) {
      const seen = await ledger.get(requestId);
      const cancelledAt = new Date(now()).toISOString();
      if (!seen) {
        if (!command.connectionId) return rejected(requestId, 'not_found', ctx);
        // Not taken by the publisher yet: a tombstone makes its claim fail, and its settle emits `post.cancelled`.
        const tombstone: CancelledEntry = {
          state: 'cancelled',
          cancelledAt,
          connectionId: command.connectionId,
        };
        if (await ledger.claim(requestId, tombstone)) {
          return cancelled(requestId, command.connectionId, cancelledAt, ctx);
        }
        continue;
      }
      const entry = seen.value;
      if (entry.state === 'published') return rejected(requestId, 'already_published', ctx);
      if (entry.state === 'failed') return rejected(requestId, 'not_found', ctx);
      if (entry.state === 'cancelled') {
        // Again, or after a crash before the event: a schedule left behind would only find `cancelled` anyway.
        await deps.scheduler.unschedule(requestId);
        const connectionId = entry.connectionId ?? command.connectionId;
        if (!connectionId) return rejected(requestId, 'not_found', ctx);
        return cancelled(requestId, connectionId, entry.cancelledAt, ctx);
      }
      if (entry.state === 'waiting') {
        const next: CancelledEntry = { state: 'cancelled', cancelledAt, connectionId: entry.connectionId };
        if (!(await ledger.replace(requestId, next, seen.revision))) continue;
        await deps.scheduler.unschedule(requestId);
        await deps.waiting.add(entry.connectionId, -1, leftWaitingId(requestId)).catch((error: unknown) => {
          ctx.logger.warn({ err: error, requestId }, 'could not count the request out of waiting');
        });
        return cancelled(requestId, entry.connectionId, cancelledAt, ctx);
      }
      // Armed: only a create LinkedIn answered with an error, and that no handler holds, surely created nothing.
      const connectionId = entry.connectionId ?? command.connectionId;
      if (entry.uncertain || entry.leaseUntil > now() || !connectionId) {
        return rejected(requestId, 'already_published', ctx);
      }
      const next: CancelledEntry = { state: 'cancelled', cancelledAt, connectionId };
      if (!(await ledger.replace(requestId, next, seen.revision))) continue;
      await deps.scheduler.unschedule(requestId);
      return cancelled(requestId, connectionId, cancelledAt, ctx);
    }
  };
}
