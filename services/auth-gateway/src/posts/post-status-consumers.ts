import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  postDeleted,
  postFailed,
  postPublished,
  postUpdated,
  STREAMS,
  SUBJECTS,
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

/** Keeps the HTTP status view current from `post.published`, `post.failed`, `post.updated` and `post.deleted`. */
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
  ]);
}
