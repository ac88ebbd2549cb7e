import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  postCancelled,
  postCancelRejected,
  postDeleted,
  postFailed,
  postPublished,
  postUpdated,
  STREAMS,
  SUBJECTS,
  type PostCancelled,
  type PostCancelRejected,
  type PostDeleted,
  type PostFailed,
  type PostUpdated,
} from '@li-bus/contracts';
import { runConsumer, type RunningConsumer } from '@li-bus/messaging';
import type { PostStatus } from '../http/api-schemas.ts';
import { parseOperationRequestId } from './operation-request-id.ts';
import type { PostStatusRecord, PostStatusStore } from './post-status-store.ts';

/** The durable consumers of the status view, named from `prefix`. */
export const postStatusConsumers = (prefix: string) => ({
  published: { stream: STREAMS.posts.name, durable: `${prefix}-published` },
  failed: { stream: STREAMS.posts.name, durable: `${prefix}-failed` },
  updated: { stream: STREAMS.posts.name, durable: `${prefix}-updated` },
  deleted: { stream: STREAMS.posts.name, durable: `${prefix}-deleted` },
  cancelled: { stream: STREAMS.posts.name, durable: `${prefix}-cancelled` },
  cancelRejected: { stream: STREAMS.posts.name, durable: `${prefix}-cancel-rejected` },
});

const isNewest = (record: PostStatusRecord, operationId: string) =>
  record.lastOperation?.requestId === operationId;

/** The newest operation, settled. */
const settled = (record: PostStatusRecord, change: Partial<NonNullable<PostStatus['lastOperation']>>) =>
  record.lastOperation ? { lastOperation: { ...record.lastOperation, ...change } } : {};

/**
 * `post.updated`: the text changed (`updatedAt`); the status becomes `updated` when it is the newest operation
 * (an older edit settling never hides a newer pending one, nor undoes a delete).
 */
export function applyUpdated(record: PostStatusRecord, event: PostUpdated): Partial<PostStatus> | null {
  if (record.status === 'deleted') return null;
  if (!isNewest(record, event.requestId)) return { updatedAt: event.updatedAt };
  return { status: 'updated', updatedAt: event.updatedAt, ...settled(record, { status: 'succeeded' }) };
}

/** `post.deleted`: the post is gone, whatever else was pending. */
export function applyDeleted(record: PostStatusRecord, event: PostDeleted): Partial<PostStatus> {
  const newest = isNewest(record, event.requestId);
  return {
    status: 'deleted',
    deletedAt: event.deletedAt,
    ...(newest ? settled(record, { status: 'succeeded' }) : {}),
  };
}

/**
 * `post.failed` of an edit or delete: the post is as it was (status back to `published`, or `updated` after
 * an earlier edit) and `lastOperation` says what failed. A failure of an operation superseded since is ignored.
 */
export function applyOperationFailed(
  record: PostStatusRecord,
  event: PostFailed,
): Partial<PostStatus> | null {
  if (!isNewest(record, event.requestId) || record.status === 'deleted') return null;
  return {
    status: record.updatedAt ? 'updated' : 'published',
    ...settled(record, { status: 'failed', code: event.code, message: event.message }),
  };
}

/**
 * `post.cancelled`: the request ends, never posted. The publisher yields one of published and cancelled, so a
 * record with a post is left alone (a stray event must not hide a live post).
 */
export function applyCancelled(record: PostStatusRecord, event: PostCancelled): Partial<PostStatus> | null {
  if (record.postUrn || record.status === 'cancelled') return null;
  return { status: 'cancelled', cancelledAt: event.cancelledAt };
}

const REJECTED: Record<PostCancelRejected['reason'], string> = {
  already_published: 'the post had already reached LinkedIn: it was not cancelled',
  not_found: 'the publisher does not know this request (or it had ended): nothing was cancelled',
};

/**
 * `post.cancel.rejected`: nothing changed at the publisher, so a `cancelling` record goes back to `queued` (only a
 * queued request is cancelled), with the reason told. `already_published`: `post.published` sets the published
 * state, before or after this. Any other status is kept; only the note is added.
 */
export function applyCancelRejected(
  record: PostStatusRecord,
  event: PostCancelRejected,
): Partial<PostStatus> | null {
  if (record.status === 'cancelled') return null;
  const cancelRejected = { reason: event.reason, message: REJECTED[event.reason] };
  return record.status === 'cancelling' ? { status: 'queued', cancelRejected } : { cancelRejected };
}

/**
 * Keeps the HTTP status view current from `post.published`, `post.failed`, `post.updated`, `post.deleted`,
 * `post.cancelled` and `post.cancel.rejected`.
 */
export async function startPostStatusConsumers(deps: {
  nc: NatsConnection;
  store: PostStatusStore;
  logger: Logger;
  durablePrefix?: string;
}): Promise<RunningConsumer[]> {
  const durables = postStatusConsumers(deps.durablePrefix ?? 'auth-gateway-post-status');
  const common = { nc: deps.nc, logger: deps.logger, concurrency: 4 };
  /** The post's record for an operation's requestId (edits and deletes of requests taken in over HTTP only). */
  const onPostOf = async (
    operationId: string,
    decide: (record: PostStatusRecord) => Partial<PostStatus> | null,
  ) => {
    const operation = parseOperationRequestId(operationId);
    if (operation) await deps.store.modify(operation.busRequestId, decide);
  };
  return Promise.all([
    runConsumer({
      ...common,
      ...durables.published,
      subject: SUBJECTS.postPublished,
      schema: postPublished,
      handle: (event) =>
        deps.store.update(event.requestId, {
          status: 'published',
          postUrn: event.postUrn,
          postUrl: event.postUrl,
          publishedAt: event.publishedAt,
          ...(event.firstComment ? { firstComment: event.firstComment } : {}),
        }),
    }),
    runConsumer({
      ...common,
      ...durables.failed,
      subject: SUBJECTS.postFailed,
      schema: postFailed,
      handle: async (event) => {
        if (event.requestId === 'unknown') return;
        if (parseOperationRequestId(event.requestId)) {
          await onPostOf(event.requestId, (record) => applyOperationFailed(record, event));
          return;
        }
        await deps.store.update(event.requestId, {
          status: 'failed',
          code: event.code,
          message: event.message,
        });
      },
    }),
    runConsumer({
      ...common,
      ...durables.updated,
      subject: SUBJECTS.postUpdated,
      schema: postUpdated,
      handle: (event) => onPostOf(event.requestId, (record) => applyUpdated(record, event)),
    }),
    runConsumer({
      ...common,
      ...durables.deleted,
      subject: SUBJECTS.postDeleted,
      schema: postDeleted,
      handle: (event) => onPostOf(event.requestId, (record) => applyDeleted(record, event)),
    }),
    runConsumer({
      ...common,
      ...durables.cancelled,
      subject: SUBJECTS.postCancelled,
      schema: postCancelled,
      handle: async (event) =>
        void (await deps.store.modify(event.requestId, (r) => applyCancelled(r, event))),
    }),
    runConsumer({
      ...common,
      ...durables.cancelRejected,
      subject: SUBJECTS.postCancelRejected,
      schema: postCancelRejected,
      handle: async (event) =>
        void (await deps.store.modify(event.requestId, (r) => applyCancelRejected(r, event))),
    }),
  ]);
}
