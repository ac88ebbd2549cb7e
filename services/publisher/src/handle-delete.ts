import { SUBJECTS, type PostDeleted, type PostDeleteRequested } from '@li-bus/contracts';
import type { PostEditsClient } from './linkedin/post-edits-client.ts';
import { createOperationHandler, type OperationDeps } from './operation-handler.ts';

/** `post.delete.requested` → `DELETE /rest/posts/{urn}` → `post.deleted` (LinkedIn's delete is idempotent). */
export function createDeleteHandler(deps: OperationDeps & { edits: PostEditsClient }) {
  return createOperationHandler<PostDeleteRequested, PostDeleted>(deps, {
    kind: 'delete',
    call: (command, accessToken) => deps.edits.delete(accessToken, command.postUrn),
    done: (command, deletedAt) => ({
      eventId: `${command.requestId}:deleted`,
      requestId: command.requestId,
      connectionId: command.connectionId,
      postUrn: command.postUrn,
      deletedAt,
    }),
    publish: (event) => deps.events.publish(SUBJECTS.postDeleted, event),
  });
}
