import {
  SUBJECTS,
  type PostDeleted,
  type PostFailed,
  type PostUpdated,
  type TokensGetReply,
} from '@li-bus/contracts';
import {
  handled,
  TransientError,
  type EventPublisher,
  type HandlerOutcome,
  type MessageContext,
} from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import { classify, Deferral, failureCodeOf, PostFailure } from './failures.ts';
import { LinkedInApiError } from './linkedin/api-error.ts';
import { nextUtcMidnight, type MemberThrottle } from './member-throttle.ts';
import type { OperationEntry, OperationKind, OperationLedger } from './operation-ledger.ts';
import { createRetryPolicy } from './retry-policy.ts';

export interface OperationDeps {
  tokenKeeper: Pick<TokenKeeperClient, 'get'>;
  events: EventPublisher;
  ledger: OperationLedger;
  throttle: MemberThrottle;
  keyring: Keyring;
  now: () => number;
  maxAttempts: number;
  backoffMs: (failedAttempts: number) => number;
  throttleRecheckMs: number;
}

/** What every operation on an existing post carries. */
export interface OperationCommand {
  requestId: string;
  connectionId: string;
  postUrn: string;
}

export interface OperationSpec<C extends OperationCommand, E extends PostUpdated | PostDeleted> {
  kind: OperationKind;
  /** The LinkedIn call, with the opened access token. */
  call: (command: C, accessToken: string, ctx: MessageContext) => Promise<void>;
  /** The success event (`post.updated` / `post.deleted`) for an operation that ended at `at`. */
  done: (command: C, at: string) => E;
  /** Publishes the success event on its subject. */
  publish: (event: E) => Promise<unknown>;
}

/**
 * Runs one operation on a published post with the publisher's policies: the token from token-keeper (asked
 * once more after a 401), the member's 429 throttle, attempts counted in the ledger, and the outcome recorded
 * there so that a redelivery re-emits it instead of calling LinkedIn again.
 */
export function createOperationHandler<C extends OperationCommand, E extends PostUpdated | PostDeleted>(
  deps: OperationDeps,
  spec: OperationSpec<C, E>,
) {
  const { ledger, now, kind } = { ...deps, kind: spec.kind };
  const afterFailure = createRetryPolicy({
    ledger: { countAttempt: (requestId) => ledger.countAttempt(kind, requestId) },
    maxAttempts: deps.maxAttempts,
    backoffMs: deps.backoffMs,
  });

  const waitForReset = (until: number) =>
    new Deferral(
      'throttled',
      'member is over LinkedIn quota',
      Math.min(until - now(), deps.throttleRecheckMs),
    );

  async function emit(entry: OperationEntry<E>) {
    if (entry.state === 'failed') await deps.events.publish(SUBJECTS.postFailed, entry.event);
    else await spec.publish(entry.event);
  }

  async function callWithToken(command: C, ctx: MessageContext) {
    let tokens: TokensGetReply = await deps.tokenKeeper.get(command.connectionId);
    const member = tokens.member.sub;
    const until = await deps.throttle.throttledUntil(member, now());
    if (until !== undefined) throw waitForReset(until);
    const call = (sealed: string) => spec.call(command, deps.keyring.open(sealed, command.connectionId), ctx);
    try {
      await call(tokens.accessToken).catch(async (error: unknown) => {
        // A 401 may mean the token was replaced a moment ago (reconnect, refresh): ask once more.
        if (!(error instanceof LinkedInApiError) || error.status !== 401) throw error;
        const fresh = await deps.tokenKeeper.get(command.connectionId, { fresh: true });
        if (fresh.accessToken === tokens.accessToken) throw error;
        tokens = fresh;
        await call(fresh.accessToken);
      });
    } catch (error) {
      if (!(error instanceof LinkedInApiError) || error.status !== 429) throw error;
      // LinkedIn's member quota resets at 00:00 UTC: wait for it like posts do, spending no attempts.
      const reset = nextUtcMidnight(now());
      await deps.throttle.throttle(member, reset);
      ctx.logger.warn({ member, until: new Date(reset).toISOString() }, 'member throttled by LinkedIn');
      throw waitForReset(reset);
    }
  }

  /**
   * Waits are outcomes, not failures: a throttled member is deferred (a delayed nak: these consumers park
   * nothing on schedules), another delivery at work is retried, and neither spends an attempt nor is logged as
   * a failed one. A failed attempt with its backoff is retried too, logged as the failure it is.
   */
  function waitOf(error: Error, ctx: MessageContext): HandlerOutcome {
    if (error instanceof Deferral) {
      const afterMs = error.retryAfterMs ?? 200;
      if (error.code === 'in_progress') return handled.retry(afterMs, error.message);
      return handled.defer(now() + afterMs, error.code);
    }
    if (error instanceof TransientError && error.retryAfterMs !== undefined) {
      ctx.logger.warn({ err: error, delayMs: error.retryAfterMs }, `${kind} attempt failed; retrying later`);
      return handled.retry(error.retryAfterMs, 'retry');
    }
    throw error;
  }

  return {
    handle: async (command: C, ctx: MessageContext): Promise<void | HandlerOutcome> => {
      const seen = (await ledger.get(kind, command.requestId)) as OperationEntry<E> | null;
      if (seen) {
        ctx.logger.info(
          { requestId: command.requestId, state: seen.state },
          `${kind} already settled; re-emitting`,
        );
        return emit(seen);
      }
      try {
        await callWithToken(command, ctx);
      } catch (error) {
        return waitOf(await afterFailure(command.requestId, error), ctx);
      }
      // Crash before this is recorded: the redelivery calls LinkedIn again, which is harmless for both kinds
      // (the same `$set` of the same text; a delete of a deleted post is 204).
      const entry: OperationEntry<E> = {
        state: 'done',
        event: spec.done(command, new Date(now()).toISOString()),
      };
      await ledger.set(kind, command.requestId, entry);
      await emit(entry);
      ctx.logger.info({ requestId: command.requestId, postUrn: command.postUrn }, `post ${kind} done`);
    },

    /** The last attempt failed, or the failure cannot be retried: `post.failed`, recorded for redeliveries. */
    gaveUp: async (command: C, error: unknown, ctx: MessageContext): Promise<void> => {
      const classified = classify(error);
      const code = failureCodeOf(classified);
      const attempts =
        classified instanceof PostFailure && classified.attempts !== undefined
          ? classified.attempts
          : Math.max(1, await ledger.attempts(kind, command.requestId));
      const event: PostFailed = {
        eventId: `${command.requestId}:failed`,
        requestId: command.requestId,
        connectionId: command.connectionId,
        code,
        message: classified.message,
        attempts,
        ...(classified instanceof PostFailure && classified.linkedin
          ? { linkedin: classified.linkedin }
          : {}),
      };
      ctx.logger.warn({ requestId: command.requestId, code, attempts }, `post ${kind} failed`);
      const entry: OperationEntry<E> = { state: 'failed', event };
      await ledger.set(kind, command.requestId, entry);
      await emit(entry);
    },
  };
}
