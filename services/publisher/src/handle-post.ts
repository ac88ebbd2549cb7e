import type { NatsConnection } from '@nats-io/transport-node';
import { SUBJECTS, type PostRequested, type TokensGetReply } from '@li-bus/contracts';
import {
  DEFAULT_STREAM_OPTIONS,
  requestTokens,
  type EventPublisher,
  type MessageContext,
} from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { Deferral, MediaStageError, PostFailure } from './failures.ts';
import type { LedgerEntry, PublishLedger, Versioned } from './ledger.ts';
import { LinkedInApiError } from './linkedin/api-error.ts';
import type { PostsClient } from './linkedin/posts-client.ts';
import { nextUtcMidnight, type MemberThrottle } from './member-throttle.ts';
import { postUrl } from './post-body.ts';
import { createArmer } from './arm-request.ts';
import type { createContentPreparer } from './media/prepare-content.ts';
import type { createRetryPolicy } from './retry-policy.ts';

export interface HandlerDeps {
  nc: NatsConnection;
  events: EventPublisher;
  ledger: PublishLedger;
  throttle: MemberThrottle;
  posts: PostsClient;
  prepareContent: ReturnType<typeof createContentPreparer>;
  afterFailure: ReturnType<typeof createRetryPolicy>;
  keyring: Keyring;
  now: () => number;
  /** How long an armed create belongs to the handler that armed it (longer than one create call). */
  createLeaseMs: number;
  /** A throttled member's requests look again this often (and at the reset at the latest). */
  throttleRecheckMs: number;
}

/** A waiting request lives in the POSTS stream, which keeps messages for 14 days: schedule inside that. */
const MAX_SCHEDULE_MS = (DEFAULT_STREAM_OPTIONS.maxAgeSeconds - 24 * 3600) * 1000;

/** Publishes one request: exactly one LinkedIn post per `requestId`, whatever is redelivered. */
export function createPostHandler(deps: HandlerDeps) {
  const { ledger, now } = deps;
  const arm = createArmer(deps);

  async function emitPublished(post: PostRequested, author: string, urn: string, publishedAt: string) {
    await deps.events.publish(SUBJECTS.postPublished, {
      eventId: `${post.requestId}:published`,
      requestId: post.requestId,
      connectionId: post.connectionId,
      author,
      postUrn: urn,
      postUrl: postUrl(urn),
      publishedAt,
    });
  }

  /** Waits (a nak with a delay, no attempt spent) until the quota resets, re-checking meanwhile. */
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
    ctx.logger.warn({ member, until: new Date(reset).toISOString() }, 'member throttled by LinkedIn');
    return waitForReset(reset);
  }

  async function attempt(
    post: PostRequested,
    ctx: MessageContext,
    seen: Versioned<LedgerEntry> | null,
    tokensAsked: Promise<TokensGetReply>,
  ) {
    let tokens = await tokensAsked;
    const member = tokens.member.sub;
    const until = await deps.throttle.throttledUntil(member, now());
    if (until !== undefined) throw waitForReset(until);
    const { armed, reconciling } = await arm(post, tokens, seen, ctx).catch(async (error: unknown) => {
      // A 429 on the media APIs is the member's quota too: wait for the reset, do not spend attempts.
      const cause = error instanceof MediaStageError ? error.cause : undefined;
      if (cause instanceof LinkedInApiError && cause.status === 429) throw await throttle(member, ctx);
      throw error;
    });
    const create = (sealed: string) =>
      deps.posts.create(deps.keyring.open(sealed, post.connectionId), armed.body).catch((error: unknown) => {
        // Armed and unconfirmed before: our earlier create may have landed. LinkedIn names the post it has.
        if (reconciling && error instanceof LinkedInApiError && error.duplicateOf) return error.duplicateOf;
        throw error;
      });
    let urn: string;
    try {
      urn = await create(tokens.accessToken).catch(async (error: unknown) => {
        // A 401 may mean the token was replaced a moment ago (reconnect, refresh): ask once more.
        if (!(error instanceof LinkedInApiError) || error.status !== 401) throw error;
        const fresh = await requestTokens(deps.nc, post.connectionId);
        if (fresh.accessToken === tokens.accessToken) throw error;
        tokens = fresh;
        return create(fresh.accessToken);
      });
    } catch (error) {
      // An answered 4xx created nothing; anything else may have. Either way the lease ends now.
      const definite = error instanceof LinkedInApiError && error.status < 500;
      await ledger.set(post.requestId, { ...armed, leaseUntil: 0, uncertain: armed.uncertain && !definite });
      if (error instanceof LinkedInApiError && error.status === 429) throw await throttle(member, ctx);
      throw error;
    }
    const publishedAt = new Date(now()).toISOString();
    // Both or, after a crash, neither: a redelivery then reconciles (DUPLICATE_POST) and emits again.
    await Promise.all([
      ledger.set(post.requestId, { state: 'published', urn, author: armed.author, publishedAt }),
      emitPublished(post, armed.author, urn, publishedAt),
    ]);
    ctx.logger.info({ requestId: post.requestId, urn }, 'post published');
  }

  return async function handlePost(post: PostRequested, ctx: MessageContext): Promise<void> {
    // Waiting for `notBefore` is a nak with a delay: no worker slot held, no attempt spent.
    const notBefore = post.notBefore ? Date.parse(post.notBefore) : 0;
    if (notBefore > (ctx.publishedAtMs ?? now()) + MAX_SCHEDULE_MS) {
      throw new PostFailure(
        'invalid_request',
        'notBefore: must be within 13 days (the POSTS stream keeps 14)',
      );
    }
    if (notBefore > now()) throw new Deferral('scheduled', 'not before its time', notBefore - now());
    // Asked together: one round trip instead of two on the common (first delivery) path.
    const tokensAsked = requestTokens(deps.nc, post.connectionId);
    tokensAsked.catch(() => undefined);
    const seen = await ledger.get(post.requestId);
    if (seen?.value.state === 'published') {
      const { author, urn, publishedAt } = seen.value;
      ctx.logger.info({ requestId: post.requestId, urn }, 'already published; re-emitting outcome');
      return emitPublished(post, author, urn, publishedAt);
    }
    if (seen?.value.state === 'failed') {
      if (seen.value.event) await deps.events.publish(SUBJECTS.postFailed, seen.value.event);
      return;
    }
    try {
      await attempt(post, ctx, seen, tokensAsked);
    } catch (error) {
      throw await deps.afterFailure(post.requestId, error);
    }
  };
}
