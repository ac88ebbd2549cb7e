import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  requestId as requestIdSchema,
  SUBJECTS,
  type PostFailed,
  type PostRequested,
} from '@li-bus/contracts';
import type { EventPublisher, InvalidMessage, MessageContext } from '@li-bus/messaging';
import type { DeadLetters } from './dead-letter.ts';
import { classify, failureCodeOf, PostFailure } from './failures.ts';
import type { PublishLedger } from './ledger.ts';
import { leftWaitingId } from './schedules/hold-request.ts';
import type { WaitingCount } from './schedules/waiting-count.ts';

/**
 * The `post.failed` event id for a command without a usable requestId: `invalid:<Nats-Msg-Id>`, or the id's
 * SHA-256 when that would pass the 200 characters an event id may have (a longer one could never be published,
 * and the message would be redelivered forever).
 */
export function invalidEventId(msgId: string): string {
  const eventId = `invalid:${msgId}`;
  return eventId.length <= 200
    ? eventId
    : `invalid:sha256:${createHash('sha256').update(msgId).digest('base64url')}`;
}

/** Emits `post.failed` for requests that end without a post, records it in the ledger, keeps a dead letter. */
export function createFailureReporter(deps: {
  events: EventPublisher;
  ledger: PublishLedger;
  deadLetters: DeadLetters;
  logger: Logger;
  now: () => number;
  waiting: Pick<WaitingCount, 'add'>;
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
        eventId: requestId.success ? `${requestId.data}:failed` : invalidEventId(ctx.msgId ?? randomUUID()),
        requestId: requestId.success ? requestId.data : 'unknown',
        connectionId: typeof body['connectionId'] === 'string' ? body['connectionId'].slice(0, 128) : '',
        code: 'invalid_request',
        message: message.reason,
        attempts: ctx.attempt,
      });
    },

    /** The last attempt failed, or the failure cannot be retried. */
    gaveUp: async (post: PostRequested, error: unknown, ctx: MessageContext) => {
      const classified = classify(error);
      const code = failureCodeOf(classified);
      const attempts =
        classified instanceof PostFailure && classified.attempts !== undefined
          ? classified.attempts
          : Math.max(1, await deps.ledger.attempts(post.requestId));
      const event: PostFailed = {
        eventId: `${post.requestId}:failed`,
        requestId: post.requestId,
        connectionId: post.connectionId,
        code,
        message: classified.message,
        attempts,
        ...(classified instanceof PostFailure && classified.linkedin
          ? { linkedin: classified.linkedin }
          : {}),
      };
      if (code === 'linkedin_version_unsupported') {
        deps.logger.fatal(
          { requestId: post.requestId, linkedin: event.linkedin },
          'LINKEDIN_VERSION is not active at LinkedIn any more: every post will fail until it is updated',
        );
      }
      ctx.logger.warn({ requestId: post.requestId, code, attempts }, 'post failed; kept as a dead letter');
      await deps.deadLetters.keep(post, event);
      const before = await deps.ledger.get(post.requestId);
      await deps.ledger.set(post.requestId, {
        state: 'failed',
        code,
        failedAt: new Date(deps.now()).toISOString(),
        event,
      });
      // A request that ends while waiting (over the bound, or failing when due) leaves the count.
      if (before?.value.state === 'waiting') {
        await deps.waiting.add(post.connectionId, -1, leftWaitingId(post.requestId));
      }
      await deps.events.publish(SUBJECTS.postFailed, event);
    },
  };
}
