import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasReadScope, mayCommentAs, mayReadAs } from '../access.ts';
import { commentView } from '../comment-view.ts';
import { validateCommentBody } from '../comment-validation.ts';
import { accessDenied, restError } from '../linkedin-errors.ts';
import { readParam } from '../params.ts';
import type { RestContext, RestGuard } from '../rest-headers.ts';
import { page, pagingOf, paramInvalid } from '../rest-params.ts';
import type { EmulatorState } from '../state.ts';
import { datedVersion } from '../versions.ts';

const PATH = /^\/rest\/socialActions\/([^/?]+)\/comments(?:\/([^/?]+))?/;

/** The post URN (and comment key) from the raw path; both must be URL-encoded under Rest.li 2.0 (§9.6). */
function keysOf(request: FastifyRequest): { postUrn: string; commentKey?: string } {
  const match = PATH.exec(request.raw.url ?? request.url);
  const [postKey = '', commentKey] = [match?.[1], match?.[2]];
  for (const key of [postKey, commentKey ?? '']) {
    if (key.includes(':') || key.includes('(')) {
      throw paramInvalid('key', `The resource key ${key} must be URL-encoded under Rest.li protocol 2.0.0`);
    }
  }
  return {
    postUrn: decodeURIComponent(postKey),
    ...(commentKey === undefined ? {} : { commentKey: decodeURIComponent(commentKey) }),
  };
}

/** Documented choice: LinkedIn's resource name for comment permission errors is not in the reference. */
const denied = (method: string, context: RestContext) =>
  accessDenied(`comments.${method}.${datedVersion(context.version)}`);

const notFound = (what: string) => restError(404, 'NOT_FOUND', `${what} does not exist`);

/**
 * Comments API (reference §5.4, §9.6 December 2026 additions): create (201, URN in `x-restli-id`, the comment in
 * the body), list and get (read scopes, like posts), delete (204, idempotent). Creating and deleting need
 * `w_member_social_feed` (as the token's member) or `w_organization_social_feed` with a posting role.
 */
export function registerCommentRoutes(app: FastifyInstance, state: EmulatorState, guard: RestGuard): void {
  function livePost(urn: string) {
    const post = state.posts.get(urn);
    if (!post || post.deletedAt !== null) throw notFound(`Post ${urn}`);
    return post;
  }

  app.post('/rest/socialActions/:post/comments', { onRequest: guard.check }, async (request, reply) => {
    const context = guard.contextOf(request);
    const { postUrn } = keysOf(request);
    const input = validateCommentBody(request.body, postUrn);
    if (!mayCommentAs(state, context, input.actor)) throw denied('CREATE', context);
    livePost(postUrn);
    const comment = state.comments.create({ ...input, createdAt: state.clock.now() });
    return reply.code(201).header('x-restli-id', comment.urn).send(commentView(comment));
  });

  app.get('/rest/socialActions/:post/comments', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const { postUrn } = keysOf(request);
    const paging = pagingOf(request.query);
    if (!hasReadScope(context)) throw denied('FINDER', context);
    const post = livePost(postUrn);
    if (!mayReadAs(state, context, post.author)) throw denied('FINDER', context);
    return page(state.comments.listByObject(postUrn).map(commentView), paging);
  });

  app.get('/rest/socialActions/:post/comments/:comment', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const { postUrn, commentKey = '' } = keysOf(request);
    if (!hasReadScope(context)) throw denied('GET', context);
    const post = livePost(postUrn);
    if (!mayReadAs(state, context, post.author)) throw denied('GET', context);
    const comment = state.comments.get(commentKey);
    if (!comment || comment.object !== postUrn || comment.deletedAt !== null) {
      throw notFound(`Comment ${commentKey}`);
    }
    return commentView(comment);
  });

  app.delete(
    '/rest/socialActions/:post/comments/:comment',
    { onRequest: guard.check },
    async (request, reply) => {
      const context = guard.contextOf(request);
      const { postUrn, commentKey = '' } = keysOf(request);
      const comment = state.comments.get(commentKey);
      if (!comment || comment.object !== postUrn) throw notFound(`Comment ${commentKey}`);
      const actor = readParam(request.query, 'actor') ?? comment.actor;
      if (actor !== comment.actor || !mayCommentAs(state, context, actor)) throw denied('DELETE', context);
      state.comments.markDeleted(comment, state.clock.now());
      return reply.code(204).send();
    },
  );
}
