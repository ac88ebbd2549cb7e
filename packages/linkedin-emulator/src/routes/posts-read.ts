import type { FastifyInstance } from 'fastify';
import { hasReadScope, mayReadAs, mayWriteAs, parseAuthor } from '../access.ts';
import { accessDenied, restError } from '../linkedin-errors.ts';
import { readParam } from '../params.ts';
import { postView } from '../post-view.ts';
import type { RestContext, RestGuard } from '../rest-headers.ts';
import { listParam, page, pagingOf, paramInvalid, resourceKey } from '../rest-params.ts';
import type { EmulatorState } from '../state.ts';
import { datedVersion } from '../versions.ts';

const denied = (method: string, context: RestContext) =>
  accessDenied(`partnerApiPostsExternal.${method}.${datedVersion(context.version)}`);

const postNotFound = (urn: string) => restError(404, 'NOT_FOUND', `Post ${urn} does not exist`);

/**
 * Batch Get `GET /rest/posts?ids=List(…)`: Rest.li's `{results, statuses, errors}` keyed by URN, 404 for an
 * unknown or deleted post and 403 for one the token may not read (reference §5.3, §9.6 Rest.li).
 */
function batchGet(state: EmulatorState, context: RestContext, ids: string[]): Record<string, unknown> {
  if (ids.length === 0) throw paramInvalid('ids', 'ids=List(...) needs at least one key');
  if (!hasReadScope(context)) throw denied('BATCH_GET', context);
  const results: Record<string, unknown> = {};
  const statuses: Record<string, number> = {};
  const errors: Record<string, unknown> = {};
  for (const urn of ids) {
    const post = state.posts.get(urn);
    if (!post || post.deletedAt !== null) {
      statuses[urn] = 404;
      errors[urn] = postNotFound(urn).body;
    } else if (!mayReadAs(state, context, post.author)) {
      statuses[urn] = 403;
      errors[urn] = denied('BATCH_GET', context).body;
    } else {
      statuses[urn] = 200;
      results[urn] = postView(post);
    }
  }
  return { results, statuses, errors };
}

/** Read, batch get, list-by-author and delete (reference §5.3). Resource keys must be URL-encoded. */
export function registerPostReadRoutes(app: FastifyInstance, state: EmulatorState, guard: RestGuard): void {
  app.get('/rest/posts/:urn', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const urn = resourceKey(request);
    if (!hasReadScope(context)) throw denied('GET', context);
    const post = state.posts.get(urn);
    if (!post || post.deletedAt !== null) throw postNotFound(urn);
    if (!mayReadAs(state, context, post.author)) throw denied('GET', context);
    return postView(post);
  });

  app.get('/rest/posts', { onRequest: guard.check }, async (request) => {
    const context = guard.contextOf(request);
    const ids = listParam(request, 'ids');
    if (ids !== undefined) return batchGet(state, context, ids);
    const q = readParam(request.query, 'q');
    if (q !== 'author') throw paramInvalid('q', `Unsupported finder ${q ?? '(none)'}; use q=author`);
    const author = readParam(request.query, 'author');
    if (author === undefined || !parseAuthor(author)) {
      throw paramInvalid('author', 'author must be a person or organization URN');
    }
    const paging = pagingOf(request.query);
    if (!mayReadAs(state, context, author)) throw denied('FINDER-author', context);
    return page(state.posts.listByAuthor(author).map(postView), paging);
  });

  app.delete('/rest/posts/:urn', { onRequest: guard.check }, async (request, reply) => {
    const context = guard.contextOf(request);
    const urn = resourceKey(request);
    const post = state.posts.get(urn);
    if (!post) throw postNotFound(urn);
    if (!mayWriteAs(state, context, post.author)) throw denied('DELETE', context);
    state.posts.markDeleted(post, state.clock.now());
    return reply.code(204).send();
  });
}
