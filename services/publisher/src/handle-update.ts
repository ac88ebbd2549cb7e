import { escapeLittleText, SUBJECTS, type PostUpdated, type PostUpdateRequested } from '@li-bus/contracts';
import type { PostEditsClient } from './linkedin/post-edits-client.ts';
import { createOperationHandler, type OperationDeps } from './operation-handler.ts';

/**
 * `post.update.requested` → LinkedIn's partial update of `commentary` → `post.updated`. The text is escaped
 * like a new post's. An edit whose command reached the stream before the post's newest edit is not sent: a
 * late redelivery never puts back older text (it ends as `post.updated`, its text having been replaced since).
 */
export function createUpdateHandler(deps: OperationDeps & { edits: PostEditsClient }) {
  return createOperationHandler<PostUpdateRequested, PostUpdated>(deps, {
    kind: 'update',
    async call(command, accessToken, ctx) {
      const edit = { requestId: command.requestId, publishedAtMs: ctx.publishedAtMs ?? deps.now() };
      const newest = await deps.ledger.claimLatestEdit(command.postUrn, edit);
      if (newest.requestId !== command.requestId) {
        ctx.logger.info(
          { requestId: command.requestId, newer: newest.requestId },
          'a newer edit of this post exists; not sending the older text',
        );
        return;
      }
      await deps.edits.updateCommentary(accessToken, command.postUrn, escapeLittleText(command.text));
    },
    done: (command, updatedAt) => ({
      eventId: `${command.requestId}:updated`,
      requestId: command.requestId,
      connectionId: command.connectionId,
      postUrn: command.postUrn,
      updatedAt,
    }),
    publish: (event) => deps.events.publish(SUBJECTS.postUpdated, event),
  });
}
