import type { PostStatus } from '../api-schemas.ts';
import { keyAllowsTenant } from '../api-keys.ts';
import { callerMayUse, type Caller } from '../auth.ts';
import type { GatewayDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { publicStatus } from './accept-post.ts';
import { busRequestId } from './bus-request-id.ts';
import type { PostStatusRecord } from './post-status-store.ts';

const notFound = () => new HttpError(404, 'not_found', 'no such post request');

/**
 * A request's status as its owner sees it, by the caller's own requestId. An OAuth token looks in its one
 * connection; an API key in its tenants (narrowed by `connectionId` when given). Another tenant's or
 * connection's request is answered like an unknown one, so a requestId used elsewhere reveals nothing.
 */
export async function readPostStatus(
  deps: GatewayDeps,
  caller: Caller,
  requestId: string,
  connectionId?: string,
): Promise<PostStatus> {
  if (caller.kind === 'oauth') {
    const { tenantId, connectionId: own } = caller.token;
    // A token without posts:write is told so (403 insufficient_scope), as on every posts route.
    callerMayUse(caller, { tenantId, connectionId: own }, 'posts:write', deps.config.publicOrigin);
    if (connectionId !== undefined && connectionId !== own) throw notFound();
    const record = await deps.posts.get(busRequestId(tenantId, own, requestId));
    if (!record) throw notFound();
    return publicStatus(record);
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
  return publicStatus(only);
}
