import { SUBJECTS } from '@li-bus/contracts';
import type { PostStatus } from '../http/api-schemas.ts';
import type { Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { publicStatus } from './accept-post.ts';
import type { PostRef } from './change-post.ts';
import { ownPostRecord } from './own-post-record.ts';
import type { PostsDeps } from './posts-deps.ts';

type CancelDeps = Pick<PostsDeps, 'config' | 'posts' | 'events'>;

/**
 * `cancelling`: the cancel is sent (now, or again); `cancelled`: it was confirmed before; `published`: the post
 * is on LinkedIn, nothing was sent (the caller decides: `DELETE` deletes it, `cancel_post` says so).
 */
export interface CancelAnswer {
  outcome: 'cancelling' | 'cancelled' | 'published';
  post: PostStatus;
}

const failedRequest = () =>
  new HttpError(
    409,
    'post_failed',
    'the request failed: nothing will be posted, so there is nothing to cancel',
  );

/**
 * Cancels one of the caller's own requests before it reaches LinkedIn (`DELETE /v1/posts/:requestId` and the
 * MCP tool `cancel_post`): a queued request is recorded `cancelling` (compare-and-set, so it never overwrites a
 * concurrent outcome), then `post.cancel.requested` goes out under the bus requestId with the connection, so
 * the publisher cancels it even before taking it. The caller's own id never reaches the bus. A request already
 * `cancelling` sends the command again: the stream drops the repeat, and a send lost after the record (a crash)
 * goes out now. The outcome arrives as `post.cancelled` / `post.cancel.rejected` (post-status-consumers.ts).
 */
export async function cancelPost(deps: CancelDeps, caller: Caller, ref: PostRef): Promise<CancelAnswer> {
  const own = await ownPostRecord(deps, caller, ref.requestId, ref.connectionId);
  const record = await deps.posts.modify(own.busRequestId, (current) =>
    current.status === 'queued' && !current.postUrn ? { status: 'cancelling' } : null,
  );
  if (!record) throw new HttpError(404, 'not_found', 'no such post request');
  const post = publicStatus(record);
  if (record.postUrn) return { outcome: 'published', post };
  if (record.status === 'failed') throw failedRequest();
  if (record.status === 'cancelled') return { outcome: 'cancelled', post };
  await deps.events.publish(SUBJECTS.postCancelRequested, {
    requestId: record.busRequestId,
    connectionId: record.connectionId,
  });
  return { outcome: 'cancelling', post };
}
