import type { NatsConnection } from '@nats-io/transport-node';
import { SUBJECTS, type PostRequested, type TokensGetReply } from '@li-bus/contracts';
import { requestTokens, TransientError, type EventPublisher, type MessageContext } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import { classify, PostFailure } from './failures.ts';
import type { PublishLedger } from './ledger.ts';
import { LinkedInApiError } from './linkedin/api-error.ts';
import type { PostsClient } from './linkedin/posts-client.ts';
import { buildPostBody, postUrl } from './post-body.ts';

export interface HandlerDeps {
  nc: NatsConnection;
  events: EventPublisher;
  ledger: PublishLedger;
  posts: PostsClient;
  keyring: Keyring;
  now: () => number;
}

function resolveAuthor(post: PostRequested, tokens: TokensGetReply): string {
  const member = `urn:li:person:${tokens.member.sub}`;
  const author = post.author ?? member;
  if (author === member) return author;
  if (tokens.organizations.some((org) => org.urn === author)) return author;
  throw new PostFailure('permission_denied', `${author} is not the member or a page the member administers`);
}

/** Publishes one request: exactly one LinkedIn post per `requestId`, whatever is redelivered. */
export function createPostHandler(deps: HandlerDeps) {
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

  return async function handlePost(post: PostRequested, ctx: MessageContext): Promise<void> {
    const seen = await deps.ledger.get(post.requestId);
    if (seen?.state === 'published') {
      ctx.logger.info({ requestId: post.requestId, urn: seen.urn }, 'already published; re-emitting outcome');
      return emitPublished(post, seen.author, seen.urn, seen.publishedAt);
    }
    if (seen?.state === 'failed') return;
    const notBefore = post.notBefore ? Date.parse(post.notBefore) : 0;
    if (notBefore > deps.now()) {
      throw new TransientError('scheduled', 'not before its time', { retryAfterMs: notBefore - deps.now() });
    }
    try {
      if (post.media)
        throw new PostFailure('media_failed', 'media posts are not supported by this publisher yet');
      let tokens = await requestTokens(deps.nc, post.connectionId);
      const author = resolveAuthor(post, tokens);
      const body = buildPostBody(post, author);
      // Claimed atomically: a second copy of the request handled at the same time must not post (or fail) too.
      const armed = { state: 'armed', armedAt: new Date(deps.now()).toISOString() } as const;
      if (!seen && !(await deps.ledger.claim(post.requestId, armed))) {
        throw new TransientError('in_progress', 'another delivery of this request is being handled');
      }
      const create = (sealed: string) =>
        deps.posts.create(deps.keyring.open(sealed, post.connectionId), body).catch((error: unknown) => {
          // Armed before: our earlier create may have landed. LinkedIn names the post it already has.
          const duplicateOf = (error as { duplicateOf?: string }).duplicateOf;
          if (seen?.state === 'armed' && duplicateOf) return duplicateOf;
          throw error;
        });
      const urn = await create(tokens.accessToken).catch(async (error: unknown) => {
        // A 401 may mean the token was replaced a moment ago (reconnect, refresh): ask once more.
        if (!(error instanceof LinkedInApiError) || error.status !== 401) throw error;
        const fresh = await requestTokens(deps.nc, post.connectionId);
        if (fresh.accessToken === tokens.accessToken) throw error;
        tokens = fresh;
        return create(fresh.accessToken);
      });
      const publishedAt = new Date(deps.now()).toISOString();
      await deps.ledger.set(post.requestId, { state: 'published', urn, author, publishedAt });
      ctx.logger.info({ requestId: post.requestId, urn }, 'post published');
      await emitPublished(post, author, urn, publishedAt);
    } catch (error) {
      throw classify(error);
    }
  };
}
