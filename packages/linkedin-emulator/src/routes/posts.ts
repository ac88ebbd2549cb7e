import type { FastifyInstance } from 'fastify';
import { mayWriteAs } from '../access.ts';
import { accessDenied, duplicatePost, plainError, throttleLimitReached } from '../linkedin-errors.ts';
import { truncateLittleText } from '../little-text.ts';
import { checkPostMedia } from '../post-content.ts';
import { checkReshareParent } from '../reshare-parent.ts';
import { commentaryTooLong, MAX_COMMENTARY_LENGTH, validatePostBody } from '../post-validation.ts';
import type { RestGuard } from '../rest-headers.ts';
import type { EmulatorState } from '../state.ts';
import { datedVersion } from '../versions.ts';

/** LinkedIn's duplicate restriction lasts 10 minutes (reference §5.5). */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * `POST /rest/posts`: 201 with an empty body and the URN in `x-restli-id`. Order: daily quota (429), body shape
 * (422, unknown fields included), permission (403), length (400), media and reshare parent (422/403), duplicate (422).
 */
export function registerPostRoutes(app: FastifyInstance, state: EmulatorState, guard: RestGuard): void {
  app.post('/rest/posts', { onRequest: guard.check }, async (request, reply) => {
    const context = guard.contextOf(request);
    const limits = { perMember: state.app.memberDailyCreateLimit, perApp: state.app.appDailyCreateLimit };
    if (!state.createQuota.take(context.token.clientId, context.member.sub, limits)) {
      throw throttleLimitReached();
    }
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
      throw plainError(400, 'Request body must be a JSON object');
    }
    const post = validatePostBody(request.body);
    if (!mayWriteAs(state, context, post.author)) {
      throw accessDenied(`partnerApiPostsExternal.CREATE.${datedVersion(context.version)}`);
    }
    if (post.commentary.length > MAX_COMMENTARY_LENGTH) throw commentaryTooLong();
    checkPostMedia(state, post.author, post.content);
    checkReshareParent(state.posts, post.reshareParent);
    const now = state.clock.now();
    const candidate = {
      author: post.author,
      commentary: truncateLittleText(post.commentary),
      submittedCommentary: post.commentary,
      visibility: post.visibility,
      distribution: post.distribution,
      lifecycleState: post.lifecycleState,
      isReshareDisabledByAuthor: post.isReshareDisabledByAuthor,
      content: post.content,
      reshareParent: post.reshareParent,
      createdAt: now,
    };
    const duplicate = state.posts.findDuplicate(candidate, now - DUPLICATE_WINDOW_MS);
    if (duplicate) throw duplicatePost(duplicate.urn);
    const created = state.posts.create(candidate);
    return reply.code(201).header('x-restli-id', created.urn).send();
  });
}
