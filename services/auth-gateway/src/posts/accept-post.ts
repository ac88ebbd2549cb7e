import { SUBJECTS, type PostRequested } from '@li-bus/contracts';
import { TokensGetError } from '@li-bus/messaging';
import type { PostStatus } from '../api-schemas.ts';
import { callerMayUse, type Caller } from '../auth.ts';
import type { GatewayDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { fromTokenKeeper } from '../routes/connections-api.ts';
import type { PostStatusRecord } from './post-status-store.ts';

export function withoutTenant(record: PostStatusRecord): PostStatus {
  const { tenantId: _tenantId, ...rest } = record;
  return rest;
}

/**
 * Takes in one valid post request for a caller (REST `POST /v1/posts` and the MCP tool alike): the caller must
 * be allowed the connection; the request is recorded as queued and `post.requested` is published with the
 * requestId as `Nats-Msg-Id`, so a repeated request is one post.
 */
export async function acceptPost(
  deps: GatewayDeps,
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
  const existing = await deps.posts.get(command.requestId);
  if (existing && existing.tenantId !== view.tenantId) {
    throw new HttpError(409, 'request_id_conflict', 'this requestId is already used');
  }
  await deps.posts.recordQueued({
    requestId: command.requestId,
    connectionId: command.connectionId,
    tenantId: view.tenantId,
    status: 'queued',
    queuedAt: new Date(deps.now()).toISOString(),
  });
  // Published again on a repeated request: the stream drops the duplicate by its msgID.
  await deps.events.publish(SUBJECTS.postRequested, command);
  const current = await deps.posts.get(command.requestId);
  return current ? withoutTenant(current) : queuedFallback(command, deps.now());
}

function queuedFallback(command: PostRequested, now: number): PostStatus {
  return {
    requestId: command.requestId,
    connectionId: command.connectionId,
    status: 'queued',
    queuedAt: new Date(now).toISOString(),
  };
}

/** A request's status as the caller may see it; another caller's request is answered like an unknown one. */
export async function readPostStatus(
  deps: GatewayDeps,
  caller: Caller,
  requestId: string,
): Promise<PostStatus> {
  const record = await deps.posts.get(requestId);
  if (!record || !callerMayUse(caller, record, 'posts:write', deps.config.publicOrigin)) {
    throw new HttpError(404, 'not_found', 'no such post request');
  }
  return withoutTenant(record);
}
