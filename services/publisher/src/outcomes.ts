import { randomUUID } from 'node:crypto';
import { requestId as requestIdSchema, SUBJECTS } from '@li-bus/contracts';
import type { EventPublisher, InvalidMessage, MessageContext } from '@li-bus/messaging';
import { classify, failureCodeOf, PostFailure } from './failures.ts';
import type { PublishLedger } from './ledger.ts';

/** Emits `post.failed` for requests that end without a post, and records that in the ledger. */
export function createFailureReporter(deps: {
  events: EventPublisher;
  ledger: PublishLedger;
  now: () => number;
}) {
  return {
    /** A command that fails validation: never retried, reported with the field it got wrong. */
    invalid: async (message: InvalidMessage, ctx: MessageContext) => {
      const body = (typeof message.body === 'object' && message.body !== null ? message.body : {}) as Record<
        string,
        unknown
      >;
      const requestId = requestIdSchema.safeParse(body['requestId']);
      await deps.events.publish(SUBJECTS.postFailed, {
        eventId: requestId.success ? `${requestId.data}:failed` : `invalid:${ctx.msgId ?? randomUUID()}`,
        requestId: requestId.success ? requestId.data : 'unknown',
        connectionId: typeof body['connectionId'] === 'string' ? body['connectionId'].slice(0, 128) : '',
        code: 'invalid_request',
        message: message.reason,
        attempts: ctx.attempt,
      });
    },

    /** The last attempt failed, or the failure cannot be retried. */
    gaveUp: async (
      post: { requestId: string; connectionId: string },
      error: unknown,
      ctx: MessageContext,
    ) => {
      const classified = classify(error);
      const code = failureCodeOf(classified);
      await deps.ledger.set(post.requestId, {
        state: 'failed',
        code,
        failedAt: new Date(deps.now()).toISOString(),
      });
      await deps.events.publish(SUBJECTS.postFailed, {
        eventId: `${post.requestId}:failed`,
        requestId: post.requestId,
        connectionId: post.connectionId,
        code,
        message: classified.message,
        attempts: ctx.attempt,
        ...(classified instanceof PostFailure && classified.linkedin
          ? { linkedin: classified.linkedin }
          : {}),
      });
    },
  };
}
