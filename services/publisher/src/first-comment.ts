import type { FirstCommentOutcome, PostRequested, TokensGetReply } from '@li-bus/contracts';
import type { MessageContext } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { TokensGetError } from '@li-bus/token-keeper-client';
import { Deferral } from './failures.ts';
import type { CommentEntry, PublishedEntry, PublishLedger, Versioned } from './ledger.ts';
import { LinkedInApiError } from './linkedin/api-error.ts';
import type { CommentsClient } from './linkedin/comments-client.ts';

export interface FirstCommentDeps {
  ledger: PublishLedger;
  comments: CommentsClient;
  keyring: Keyring;
  now: () => number;
  /** How long an armed comment belongs to the handler that armed it (longer than one create call). */
  createLeaseMs: number;
  /** The wait before looking again at a comment whose answer was lost. */
  retryMs: number;
}

/** Create calls for one comment that may have landed, at most (each after a read showed none did). */
const MAX_SENDS = 3;

type FailedOutcome = Extract<FirstCommentOutcome, { status: 'failed' }>;

const failed = (code: FailedOutcome['code'], message: string): FailedOutcome => ({
  status: 'failed',
  code,
  message,
});

/** A definite LinkedIn answer (nothing was created) as the comment's outcome; undefined when it may have landed. */
function definiteOutcome(error: unknown): FailedOutcome | undefined {
  if (!(error instanceof LinkedInApiError)) return undefined;
  if (error.status >= 500) return undefined;
  if (error.status === 401) return failed('reauth_required', error.message);
  if (error.status === 403) return failed('permission_denied', error.message);
  if (error.status === 429) return failed('rate_limited', error.message);
  return failed('linkedin_error', `LinkedIn answered ${error.status}: ${error.message}`);
}

/**
 * The first comment under a published post, exactly once per request: armed in the ledger before each create call,
 * settled with its URN or its failure after. A failure here never touches the post (only the comment's record is
 * written) and every wait is a `Deferral`, which spends no attempt of the post's budget.
 */
export function createFirstCommenter(deps: FirstCommentDeps) {
  const { ledger, now } = deps;

  async function settle(requestId: string, entry: PublishedEntry, outcome: FirstCommentOutcome) {
    await ledger.set(requestId, { ...entry, comment: { state: 'settled', outcome } });
    return outcome;
  }

  /** After a lost answer: the earlier comment's URN, `absent`, or `unreadable` (no read scope for the post). */
  async function findEarlier(accessToken: string, entry: PublishedEntry, text: string) {
    try {
      const comments = await deps.comments.list(accessToken, entry.urn);
      return comments.find((c) => c.actor === entry.author && c.text === text)?.urn ?? 'absent';
    } catch (error) {
      if (error instanceof LinkedInApiError && error.status === 403) return 'unreadable';
      throw new Deferral('in_progress', 'could not read the post comments; looking again', deps.retryMs);
    }
  }

  /** Returns the comment's outcome, or throws a `Deferral` (never anything that could fail the post). */
  return async function commentOnce(
    post: PostRequested,
    seen: Versioned<PublishedEntry>,
    tokensAsked: Promise<TokensGetReply>,
    ctx: MessageContext,
  ): Promise<FirstCommentOutcome> {
    try {
      return await attempt(post, seen, tokensAsked, ctx);
    } catch (error) {
      if (error instanceof Deferral) throw error;
      const message = error instanceof Error ? error.message : String(error);
      ctx.logger.warn({ requestId: post.requestId, err: error }, 'first comment: trying again');
      throw new Deferral('in_progress', `first comment: ${message}`, deps.retryMs);
    }
  };

  async function attempt(
    post: PostRequested,
    seen: Versioned<PublishedEntry>,
    tokensAsked: Promise<TokensGetReply>,
    ctx: MessageContext,
  ): Promise<FirstCommentOutcome> {
    const entry = seen.value;
    const text = post.firstComment?.text ?? '';
    const comment: CommentEntry = entry.comment ?? { state: 'armed', armedAt: '', leaseUntil: 0, sends: 0 };
    if (comment.state === 'settled') return comment.outcome;
    if (comment.leaseUntil > now()) {
      throw new Deferral(
        'in_progress',
        'another delivery is posting the first comment',
        comment.leaseUntil - now(),
      );
    }
    const tokens = await tokensAsked.catch((error: unknown) => {
      if (error instanceof TokensGetError && error.code !== 'internal') return undefined;
      throw new Deferral('in_progress', 'token-keeper unavailable for the first comment', deps.retryMs);
    });
    if (!tokens)
      return settle(post.requestId, entry, failed('reauth_required', 'the connection is not usable'));
    let accessToken: string;
    try {
      accessToken = deps.keyring.open(tokens.accessToken, post.connectionId);
    } catch {
      return settle(post.requestId, entry, failed('reauth_required', 'the stored token does not open'));
    }
    if (comment.sends > 0) {
      const earlier = await findEarlier(accessToken, entry, text);
      if (earlier === 'unreadable') {
        const message =
          'the answer to the comment was lost and the post comments cannot be read: not re-sent';
        return settle(post.requestId, entry, failed('outcome_unknown', message));
      }
      if (earlier !== 'absent') {
        ctx.logger.info(
          { requestId: post.requestId, commentUrn: earlier },
          'first comment found after a lost answer',
        );
        return settle(post.requestId, entry, { status: 'published', commentUrn: earlier });
      }
      if (comment.sends >= MAX_SENDS) {
        return settle(
          post.requestId,
          entry,
          failed('linkedin_error', `no answer after ${comment.sends} tries`),
        );
      }
    }
    const armedAt = new Date(now()).toISOString();
    const armed: CommentEntry = {
      state: 'armed',
      armedAt,
      leaseUntil: now() + deps.createLeaseMs,
      sends: comment.sends + 1,
    };
    const next: PublishedEntry = { ...entry, comment: armed };
    if (!(await ledger.replace(post.requestId, next, seen.revision))) {
      throw new Deferral('in_progress', 'another delivery took the first comment over', 200);
    }
    let commentUrn: string;
    try {
      commentUrn = await deps.comments.create(accessToken, entry.urn, { actor: entry.author, text });
    } catch (error) {
      const outcome = definiteOutcome(error);
      if (outcome?.code === 'rate_limited') {
        // LinkedIn's per-minute comment throttle (§9.5): nothing was created, so this call does not count.
        await ledger.set(post.requestId, {
          ...entry,
          comment: { ...armed, leaseUntil: 0, sends: comment.sends },
        });
        throw new Deferral('throttled', 'comment creation throttled by LinkedIn', 60_000);
      }
      if (outcome) {
        ctx.logger.warn(
          { requestId: post.requestId, code: outcome.code },
          'first comment failed; the post stays',
        );
        return settle(post.requestId, entry, outcome);
      }
      // The comment may exist: the next delivery reads the post's comments before sending again.
      await ledger.set(post.requestId, { ...entry, comment: { ...armed, leaseUntil: 0 } });
      ctx.logger.warn({ requestId: post.requestId, err: error }, 'first comment answer lost; checking again');
      throw new Deferral('in_progress', 'the first comment answer was lost', deps.retryMs);
    }
    ctx.logger.info({ requestId: post.requestId, commentUrn }, 'first comment published');
    return settle(post.requestId, entry, { status: 'published', commentUrn });
  }
}
