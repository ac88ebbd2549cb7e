import { keyAllowsTenant } from '../http/api-keys.ts';
import { callerMayUse, type Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { busRequestId } from './bus-request-id.ts';
import type { PostStatusRecord } from './post-status-store.ts';
import type { PostsDeps } from './posts-deps.ts';

const notFound = () => new HttpError(404, 'not_found', 'no such post request');

/**
 * The status record of one of the caller's own requests, by the caller's requestId. An OAuth token (with
 * `posts:write`) looks in its one connection; an API key in its tenants (narrowed by `connectionId` when given).
 * Another tenant's or connection's request is answered like an unknown one (404), so a requestId used
 * elsewhere reveals nothing.
 */
export async function ownPostRecord(
  deps: Pick<PostsDeps, 'config' | 'posts'>,
  caller: Caller,
  requestId: string,
  connectionId?: string,
): Promise<PostStatusRecord> {
  if (caller.kind === 'oauth') {
    const { tenantId, connectionId: own } = caller.token;
    // A token without posts:write is told so (403 insufficient_scope), as on every posts route.
    callerMayUse(caller, { tenantId, connectionId: own }, 'posts:write', deps.config.publicOrigin);
    if (connectionId !== undefined && connectionId !== own) throw notFound();
    const record = await deps.posts.get(busRequestId(tenantId, own, requestId));
    if (!record) throw notFound();
    return record;
  }
  const { key } = caller;
  const mine = (await deps.posts.findByCallerId(requestId)).filter(
    (record: PostStatusRecord) =>
      keyAllowsTenant(key, record.tenantId) &&
      (connectionId === undefined || record.connectionId === connectionId),
  );
  const [only, ...more] = mine;
  if (!only) throw notFound();
  if (more.length > 0) {
    throw new HttpError(
      409,
      'ambiguous_request_id',
      'this requestId was used for several connections: add ?connectionId=',
    );
  }
  return only;
}
