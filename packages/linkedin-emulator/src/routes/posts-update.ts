import type { FastifyInstance } from 'fastify';
import { mayWriteAs } from '../access.ts';
import { accessDenied, plainError, restError } from '../linkedin-errors.ts';
import { truncateLittleText } from '../little-text.ts';
import { commentaryTooLong, MAX_COMMENTARY_LENGTH, validatePostPatch } from '../post-validation.ts';
import type { RestGuard } from '../rest-headers.ts';
import { resourceKey } from '../rest-params.ts';
import type { EmulatorState } from '../state.ts';
import { datedVersion } from '../versions.ts';

/**
 * `POST /rest/posts/{enc urn}` with `X-RestLi-Method: PARTIAL_UPDATE` and `{"patch":{"$set":{…}}}` → 204
 * (reference §5.3). The header is compared case-insensitively (the official JavaScript client sends it in lower
 * case). Order: method header (400), body (422), post exists (404), permission (403), length (400).
 */
export function registerPostUpdateRoutes(app: FastifyInstance, state: EmulatorState, guard: RestGuard): void {
  app.post('/rest/posts/:urn', { onRequest: guard.check }, async (request, reply) => {
    const context = guard.contextOf(request);
    const urn = resourceKey(request);
    const method = String(request.headers['x-restli-method'] ?? '').toUpperCase();
    if (method !== 'PARTIAL_UPDATE') {
      throw plainError(400, 'POST on a post needs X-RestLi-Method: PARTIAL_UPDATE');
    }
    const patch = validatePostPatch(request.body);
    const post = state.posts.get(urn);
    if (!post || post.deletedAt !== null) throw restError(404, 'NOT_FOUND', `Post ${urn} does not exist`);
    if (!mayWriteAs(state, context, post.author)) {
      throw accessDenied(`partnerApiPostsExternal.PARTIAL_UPDATE.${datedVersion(context.version)}`);
    }
    if (patch.commentary !== undefined) {
      if (patch.commentary.length > MAX_COMMENTARY_LENGTH) throw commentaryTooLong();
      const edit = {
        commentary: truncateLittleText(patch.commentary),
        submittedCommentary: patch.commentary,
      };
      state.posts.editCommentary(post, edit, state.clock.now());
    }
    return reply.code(204).send();
  });
}
