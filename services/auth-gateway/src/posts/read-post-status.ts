import type { PostStatus } from '../http/api-schemas.ts';
import type { Caller } from '../http/caller.ts';
import { publicStatus } from './accept-post.ts';
import { ownPostRecord } from './own-post-record.ts';
import type { PostsDeps } from './posts-deps.ts';

/**
 * A request's status as its owner sees it, by the caller's own requestId (see `ownPostRecord`: another
 * tenant's or connection's request is answered like an unknown one).
 */
export async function readPostStatus(
  deps: Pick<PostsDeps, 'config' | 'posts'>,
  caller: Caller,
  requestId: string,
  connectionId?: string,
): Promise<PostStatus> {
  return publicStatus(await ownPostRecord(deps, caller, requestId, connectionId));
}
