import {
  canCommentAs,
  commentScopeFor,
  SUBJECTS,
  type FirstCommentOutcome,
  type PostRequested,
  type TokensGetReply,
} from '@li-bus/contracts';
import {
  DEFAULT_STREAM_OPTIONS,
  handled,
  TransientError,
  type EventPublisher,
  type HandlerOutcome,
  type MessageContext,
} from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import { Deferral, MediaStageError, PostFailure } from './failures.ts';
import type { createFirstCommenter } from './first-comment.ts';
import type { CancelledEntry, LedgerEntry, PublishedEntry, PublishLedger, Versioned } from './ledger.ts';
import { LinkedInApiError } from './linkedin/api-error.ts';
import type { PostsClient } from './linkedin/posts-client.ts';
import { nextUtcMidnight, type MemberThrottle } from './member-throttle.ts';
import { postUrl } from './post-body.ts';
import { createArmer, resolveAuthor } from './arm-request.ts';
import type { QuotaCounter } from './quota-counter.ts';
import type { createContentPreparer } from './media/prepare-content.ts';
import type { createRetryPolicy } from './retry-policy.ts';
import { DUE_SUBJECT } from './schedules/schedule-subjects.ts';
import type { WaitingCount } from './schedules/waiting-count.ts';

export interface HandlerDeps {
  tokenKeeper: Pick<TokenKeeperClient, 'get'>;
  events: EventPublisher;
  ledger: PublishLedger;
  throttle: MemberThrottle;
  posts: PostsClient;
  /** Posts the first comment once the post is live (exactly once per request). */
  commentOnce: ReturnType<typeof createFirstCommenter>;
  /** Counts creates per member and UTC day (what LinkedIn's daily quota counts). */
  quota: QuotaCounter;
  prepareContent: ReturnType<typeof createContentPreparer>;
  afterFailure: ReturnType<typeof createRetryPolicy>;
  keyring: Keyring;
  now: () => number;
  /** How long an armed create belongs to the handler that armed it (longer than one create call). */
  createLeaseMs: number;
  /** A throttled member's requests look again this often (and at the reset at the latest). */
  throttleRecheckMs: number;
  /** Waiting requests per connection (a fired request leaves the count when it is armed). */
  waiting: Pick<WaitingCount, 'add'>;
}

/** A failure before the claim of an attempt that skipped the ledger read. */
class BeforeClaim extends Error {
  constructor(cause: unknown) {
    super('failed before the claim', { cause });
  }
}

const uploadsMedia = (post: PostRequested) => Boolean(post.media?.length || post.article?.thumbnailUrl);

/** The documented scheduling horizon (13 days ahead; once a consequence of POSTS keeping messages 14 days). */
const MAX_SCHEDULE_MS = (DEFAULT_STREAM_OPTIONS.maxAgeSeconds - 24 * 3600) * 1000;

/** Publishes one request: exactly one LinkedIn post per `requestId`, whatever is redelivered. */
export function createPostHandler(deps: HandlerDeps) {
  const { ledger, now } = deps;
  const arm = createArmer(deps);

  async function emitPublished(
    post: PostRequested,
    author: string,
    urn: string,
    publishedAt: string,
    firstComment?: FirstCommentOutcome,
  ) {
    await deps.events.publish(SUBJECTS.postPublished, {
      eventId: `${post.requestId}:published`,
      requestId: post.requestId,
      connectionId: post.connectionId,
      author,
      postUrn: urn,
      postUrl: postUrl(urn),
      publishedAt,
      ...(firstComment ? { firstComment } : {}),
    });
  }

  async function emitCancelled(post: PostRequested, entry: CancelledEntry) {
    await deps.events.publish(SUBJECTS.postCancelled, {
      eventId: `${post.requestId}:cancelled`,
      requestId: post.requestId,
      connectionId: post.connectionId,
      cancelledAt: entry.cancelledAt,
    });
  }

  /** Waits (deferred, no attempt spent) until the quota resets, re-checking meanwhile. */
  const waitForReset = (until: number) =>
    new Deferral(
      'throttled',
      'member is over LinkedIn quota',
      Math.min(until - now(), deps.throttleRecheckMs),
    );

  /** LinkedIn answered 429: the member's quotas reset at 00:00 UTC (no Retry-After is sent). */
  async function throttle(member: string, ctx: MessageContext) {
    const reset = nextUtcMidnight(now());
    await deps.throttle.throttle(member, reset);
    // The 429 explains itself: how many creates this system counted for the member today.
    const used = await deps.quota.used(member, now()).catch(() => undefined);
    ctx.logger.warn(
      { member, until: new Date(reset).toISOString(), used, limit: deps.quota.limit },
      `member throttled by LinkedIn after ${used ?? '?'} of ${deps.quota.limit} creates counted today`,
    );
    return waitForReset(reset);
  }

  /** Everything up to and including the claim: no side effect but the claim itself (and media uploads). */
  async function armed(
    post: PostRequested,
    ctx: MessageContext,
    seen: Versioned<LedgerEntry> | null,
    tokens: TokensGetReply,
  ) {
    const member = tokens.member.sub;
    const until = await deps.throttle.throttledUntil(member, now());
    if (until !== undefined) throw waitForReset(until);
    if (post.firstComment) {
      // Refused before anything is posted: a post whose comment could never follow is not what was asked for.
      const author = resolveAuthor(post, tokens);
      if (!canCommentAs(tokens.scopes, author)) {
        throw new PostFailure(
          'permission_denied',
          `firstComment needs the ${commentScopeFor(author)} scope, which this connection was not granted`,
        );
      }
    }
    return arm(post, tokens, seen, ctx).catch(async (error: unknown) => {
      // A 429 on the media APIs is the member's quota too: wait for the reset, do not spend attempts.
      const cause = error instanceof MediaStageError ? error.cause : undefined;
      if (cause instanceof LinkedInApiError && cause.status === 429) throw await throttle(member, ctx);
      throw error;
    });
  }

  async function attempt(
    post: PostRequested,
    ctx: MessageContext,
    seen: Versioned<LedgerEntry> | null,
    tokensAsked: Promise<TokensGetReply>,
    unread: boolean,
  ) {
    let tokens: TokensGetReply;
    let claim: Awaited<ReturnType<typeof armed>>;
    try {
      tokens = await tokensAsked;
      claim = await armed(post, ctx, seen, tokens);
    } catch (error) {
      throw unread ? new BeforeClaim(error) : error;
    }
    const { armed: entry, reconciling } = claim;
    const member = tokens.member.sub;
    const create = (sealed: string) =>
      deps.posts.create(deps.keyring.open(sealed, post.connectionId), entry.body).catch((error: unknown) => {
        // Armed and unconfirmed before: our earlier create may have landed. LinkedIn names the post it has.
        if (reconciling && error instanceof LinkedInApiError && error.duplicateOf) return error.duplicateOf;
        throw error;
      });
    let urn: string;
    try {
      urn = await create(tokens.accessToken).catch(async (error: unknown) => {
        // A 401 may mean the token was replaced a moment ago (reconnect, refresh): ask once more.
        if (!(error instanceof LinkedInApiError) || error.status !== 401) throw error;
        const fresh = await deps.tokenKeeper.get(post.connectionId, { fresh: true });
        if (fresh.accessToken === tokens.accessToken) throw error;
        tokens = fresh;
        return create(fresh.accessToken);
      });
    } catch (error) {
      // An answered 4xx created nothing; anything else may have. Either way the lease ends now.
      const definite = error instanceof LinkedInApiError && error.status < 500;
      await ledger.set(post.requestId, { ...entry, leaseUntil: 0, uncertain: entry.uncertain && !definite });
      if (error instanceof LinkedInApiError && error.status === 429) throw await throttle(member, ctx);
      throw error;
    }
    // One post, one count: a create whose answer was lost still landed (found again through DUPLICATE_POST).
    // Counted while the outcome is recorded (it never fails the post): two round trips fewer in a row.
    const counted = countCreate(member, ctx);
    const publishedAt = new Date(now()).toISOString();
    const published: PublishedEntry = { state: 'published', urn, author: entry.author, publishedAt };
    if (post.firstComment) {
      // The post is recorded first (a redelivery never posts again), then the comment, then the one event.
      const value: PublishedEntry = {
        ...published,
        comment: { state: 'armed', armedAt: publishedAt, leaseUntil: 0, sends: 0 },
      };
      const [revision] = await Promise.all([ledger.set(post.requestId, value), counted]);
      ctx.logger.info({ requestId: post.requestId, urn }, 'post published; first comment next');
      return settle(post, ctx, { value, revision }, Promise.resolve(tokens), false);
    }
    // Both or, after a crash, neither: a redelivery then reconciles (DUPLICATE_POST) and emits again.
    await Promise.all([
      ledger.set(post.requestId, published),
      emitPublished(post, entry.author, urn, publishedAt),
      counted,
    ]);
    ctx.logger.info({ requestId: post.requestId, urn }, 'post published');
  }

  /** One more create in the member's daily count (a counting failure never fails the post). */
  async function countCreate(member: string, ctx: MessageContext) {
    await deps.quota.count(member, now()).catch((error: unknown) => {
      ctx.logger.warn({ member, err: error }, 'could not count the create against the daily quota');
    });
  }

  /** Re-emits a settled outcome, or attempts the post (`unread`: the ledger was not read, `seen` is null). */
  async function settle(
    post: PostRequested,
    ctx: MessageContext,
    seen: Versioned<LedgerEntry> | null,
    tokensAsked: Promise<TokensGetReply>,
    unread: boolean,
  ): Promise<void | HandlerOutcome> {
    if (seen?.value.state === 'published') {
      const { author, urn, publishedAt } = seen.value;
      if (post.firstComment) {
        const outcome = await deps.commentOnce(post, seen as Versioned<PublishedEntry>, tokensAsked, ctx);
        return emitPublished(post, author, urn, publishedAt, outcome);
      }
      ctx.logger.info({ requestId: post.requestId, urn }, 'already published; re-emitting outcome');
      return emitPublished(post, author, urn, publishedAt);
    }
    if (seen?.value.state === 'failed') {
      if (seen.value.event) await deps.events.publish(SUBJECTS.postFailed, seen.value.event);
      return;
    }
    if (seen?.value.state === 'cancelled') {
      ctx.logger.info({ requestId: post.requestId }, 'cancelled; never posted');
      return emitCancelled(post, seen.value);
    }
    if (seen?.value.state === 'waiting' && seen.value.until > now()) {
      // Delivered again before its schedule is due (a crash before the ack, say): wait on, scheduled again.
      return handled.defer(seen.value.until, seen.value.reason);
    }
    try {
      await attempt(post, ctx, seen, tokensAsked, unread);
    } catch (error) {
      if (!(error instanceof BeforeClaim)) throw await deps.afterFailure(post.requestId, error);
      // The read skipped on first delivery: an entry here (another delivery's, or an earlier outcome) decides.
      const found = await ledger.get(post.requestId);
      if (found) return settle(post, ctx, found, tokensAsked, false);
      throw await deps.afterFailure(post.requestId, error.cause);
    }
  }

  /** Waits are outcomes (deferred or delivered again), not failures; a retry's backoff is a deferral too. */
  function waitOf(error: unknown, ctx: MessageContext): HandlerOutcome {
    if (error instanceof Deferral) {
      const afterMs = error.retryAfterMs ?? 200;
      if (error.code === 'in_progress') return handled.retry(afterMs, error.message);
      return handled.defer(now() + afterMs, error.code);
    }
    if (error instanceof TransientError && error.retryAfterMs !== undefined) {
      ctx.logger.warn({ err: error, delayMs: error.retryAfterMs }, 'attempt failed; retrying later');
      return handled.defer(now() + error.retryAfterMs, 'retry');
    }
    throw error;
  }

  async function handleOne(post: PostRequested, ctx: MessageContext): Promise<void | HandlerOutcome> {
    // Waiting for `notBefore` is a deferral: a server-side schedule holds it, no attempt is spent. The copy the
    // schedule delivers is checked again (schedules have one-second resolution; never early).
    const notBefore = post.notBefore ? Date.parse(post.notBefore) : 0;
    if (notBefore > (ctx.publishedAtMs ?? now()) + MAX_SCHEDULE_MS) {
      throw new PostFailure(
        'invalid_request',
        'notBefore: must be within 13 days (the POSTS stream keeps 14)',
      );
    }
    if (notBefore > now()) return handled.defer(notBefore, 'scheduled');
    const fired = ctx.subject === DUE_SUBJECT;
    // Asked together: one round trip instead of two when the ledger is read.
    const tokensAsked = deps.tokenKeeper.get(post.connectionId);
    tokensAsked.catch(() => undefined);
    // A first delivery without media skips the ledger read: the ledger can only hold this request if it was
    // sent again after JetStream's duplicate window, and then the claim (an atomic create) is refused. Nothing
    // before the claim has a side effect, and any failure before it reads the ledger after all (BeforeClaim).
    // A request delivered by its schedule was waiting in the ledger: it is always read.
    const unread = !fired && ctx.attempt === 1 && !uploadsMedia(post);
    return settle(post, ctx, unread ? null : await ledger.get(post.requestId), tokensAsked, unread);
  }

  return async function handlePost(post: PostRequested, ctx: MessageContext): Promise<void | HandlerOutcome> {
    return handleOne(post, ctx).catch((error: unknown) => waitOf(error, ctx));
  };
}
