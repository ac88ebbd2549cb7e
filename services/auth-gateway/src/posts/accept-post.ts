import { SUBJECTS, type PostRequested } from '@li-bus/contracts';
import { TokensGetError } from '@li-bus/token-keeper-client';
import type { PostStatus } from '../http/api-schemas.ts';
import { callerMayUse, type Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { fromTokenKeeper } from '../http/token-keeper-errors.ts';
import { busRequestId } from './bus-request-id.ts';
import type { PostStatusRecord } from './post-status-store.ts';
import type { PostsDeps } from './posts-deps.ts';
import { refuseObjectMedia } from './refuse-object-media.ts';

/**
 * What the caller sees: its own requestId, and the id the request carries on the bus (what `post.*` events and
 * webhook deliveries name as `requestId`); never the tenant.
 */
export function publicStatus(record: PostStatusRecord): PostStatus {
  const { tenantId: _tenantId, ...rest } = record;
  return rest;
}

/**
 * Takes in one valid post request for a caller (REST `POST /v1/posts` and the MCP tool alike): the caller must
 * be allowed the connection; the request is recorded as queued and `post.requested` is published under the
 * bus requestId derived from (tenant, connection, caller's requestId) as `Nats-Msg-Id`, so a repeated request
 * is one post and the same requestId in another tenant or connection is another request.
 */
export async function acceptPost(
  deps: Omit<PostsDeps, 'oauth'>,
  caller: Caller,
  command: PostRequested,
): Promise<PostStatus> {
  const origin = deps.config.publicOrigin;
  if (caller.kind === 'oauth') {
    // Checked before asking token-keeper, so a token learns nothing about connections it is not bound to.
    callerMayUse(
      caller,
      { tenantId: caller.token.tenantId, connectionId: command.connectionId },
      'posts:write',
      origin,
    );
  }
  const view = await deps.tokenKeeper.status(command.connectionId).catch((error: unknown) => {
    if (error instanceof TokensGetError && error.code === 'not_found') {
      throw new HttpError(404, 'connection_not_found', 'no such connection');
    }
    return fromTokenKeeper(error);
  });
  if (!callerMayUse(caller, view, 'posts:write', origin)) {
    throw new HttpError(404, 'connection_not_found', 'no such connection');
  }
  refuseObjectMedia(command, view.tenantId);
  const busId = busRequestId(view.tenantId, command.connectionId, command.requestId);
  const record: PostStatusRecord = {
    requestId: command.requestId,
    busRequestId: busId,
    connectionId: command.connectionId,
    tenantId: view.tenantId,
    status: 'queued',
    queuedAt: new Date(deps.now()).toISOString(),
  };
  const existing = await deps.posts.get(busId);
  if (existing && !sameRequest(existing, record)) {
    throw new HttpError(409, 'request_id_conflict', 'this requestId is already used');
  }
  await deps.posts.recordQueued(record);
  // Published again on a repeated request: the stream drops the duplicate by its msgID.
  await deps.events.publish(SUBJECTS.postRequested, { ...command, requestId: busId });
  return publicStatus((await deps.posts.get(busId)) ?? record);
}

const sameRequest = (a: PostStatusRecord, b: PostStatusRecord) =>
  a.tenantId === b.tenantId && a.connectionId === b.connectionId && a.requestId === b.requestId;
