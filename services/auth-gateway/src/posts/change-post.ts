import { SUBJECTS } from '@li-bus/contracts';
import type { PostOperation, PostStatus } from '../http/api-schemas.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { publicStatus } from './accept-post.ts';
import { operationRequestId, type PostOperationKind } from './operation-request-id.ts';
import { ownPostRecord } from './own-post-record.ts';
import type { PostStatusRecord } from './post-status-store.ts';
import type { PostsDeps } from './posts-deps.ts';

type ChangeDeps = Pick<PostsDeps, 'config' | 'posts' | 'events'>;

/** Which of the caller's requests: its requestId, and the connection when an API key used it for several. */
export interface PostRef {
  requestId: string;
  connectionId?: string;
}

const notPublished = () =>
  new HttpError(409, 'not_published', 'the post is not published (yet): only a published post can change');
const alreadyDeleted = () => new HttpError(409, 'post_deleted', 'the post is deleted');

/**
 * The operation a request asks for: the newest one again when it is the same operation (same kind, same text)
 * and has not failed, so a retried request is one operation; else the next one in the post's sequence.
 */
function plan(record: PostStatusRecord, kind: PostOperationKind, text?: string) {
  const last = record.lastOperation;
  const sequence = last?.sequence ?? 0;
  if (last && last.kind === kind && last.status !== 'failed') {
    const again = operationRequestId(record.busRequestId, kind, last.sequence, text);
    if (again === last.requestId) return { operation: last, fresh: false };
  }
  const operation: PostOperation = {
    kind,
    requestId: operationRequestId(record.busRequestId, kind, sequence + 1, text),
    sequence: sequence + 1,
    status: 'requested',
  };
  return { operation, fresh: true };
}

/**
 * Records the operation on the status record (compare-and-set, so concurrent requests agree on the sequence),
 * then publishes its command: recorded first, so its outcome always finds it. A retried request publishes the
 * same command again (the stream and the publisher's ledger make that one operation).
 */
async function changePost(
  deps: ChangeDeps,
  caller: Caller,
  ref: PostRef,
  kind: PostOperationKind,
  text?: string,
): Promise<PostStatus> {
  const own = await ownPostRecord(deps, caller, ref.requestId, ref.connectionId);
  let operation: PostOperation | undefined;
  const record = await deps.posts.modify(own.busRequestId, (current) => {
    operation = undefined;
    if (!current.postUrn) throw notPublished();
    if (current.status === 'deleted' && kind === 'delete') return null;
    if (current.status === 'deleted' || current.status === 'deleting') {
      if (kind === 'edit') throw alreadyDeleted();
    }
    const planned = plan(current, kind, text);
    operation = planned.operation;
    if (!planned.fresh) return null;
    return { status: kind === 'edit' ? 'updating' : 'deleting', lastOperation: planned.operation };
  });
  if (!record) throw new HttpError(404, 'not_found', 'no such post request');
  if (operation && record.postUrn) {
    const common = {
      requestId: operation.requestId,
      connectionId: record.connectionId,
      postUrn: record.postUrn,
    };
    if (text !== undefined) await deps.events.publish(SUBJECTS.postUpdateRequested, { ...common, text });
    else await deps.events.publish(SUBJECTS.postDeleteRequested, common);
  }
  return publicStatus(record);
}

/**
 * `PATCH /v1/posts/:requestId {text}`: replaces the text of the caller's own published post
 * (`post.update.requested`) → the record's status `updating`. 409 `not_published` before the post is live,
 * `post_deleted` after a delete (the route checks `text` against `postEditBody` first: 400 naming it).
 */
export async function requestEdit(
  deps: ChangeDeps,
  caller: Caller,
  ref: PostRef,
  text: string,
): Promise<PostStatus> {
  return changePost(deps, caller, ref, 'edit', text);
}

/**
 * `DELETE /v1/posts/:requestId` of a published post (the route cancels one not yet published: cancel-post.ts):
 * deletes the caller's own post (`post.delete.requested`) → the record's status `deleting`; a deleted one is
 * answered as it is. 409 `not_published` before the post is live.
 */
export function requestDelete(deps: ChangeDeps, caller: Caller, ref: PostRef): Promise<PostStatus> {
  return changePost(deps, caller, ref, 'delete');
}
