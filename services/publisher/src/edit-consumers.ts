import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { postDeleteRequested, postUpdateRequested, STREAMS, SUBJECTS } from '@li-bus/contracts';
import {
  runConsumer,
  type InvalidMessage,
  type MessageContext,
  type RunningConsumer,
} from '@li-bus/messaging';
import { createDeleteHandler } from './handle-delete.ts';
import { createUpdateHandler } from './handle-update.ts';
import { createPostEditsClient, type PostEditsClient } from './linkedin/post-edits-client.ts';
import type { LinkedInRestConfig } from './linkedin/posts-client.ts';
import type { OperationDeps } from './operation-handler.ts';
import { createKvOperationLedger, type OperationLedger } from './operation-ledger.ts';

/** The publisher's durable consumers of `post.update.requested` and `post.delete.requested`. */
export const UPDATE_DURABLE = 'publisher-update';
export const DELETE_DURABLE = 'publisher-delete';

/** What the edit and delete consumers need beyond the publisher's own deps. */
export interface PostEditsDeps {
  client: PostEditsClient;
  ledger: OperationLedger;
}

/** The LinkedIn client and the ledger keys of edits and deletes, for `buildPublisher({ edits })`. */
export async function openPostEdits(
  nc: NatsConnection,
  rest: LinkedInRestConfig,
  options: { replicas?: number } = {},
): Promise<PostEditsDeps> {
  return { client: createPostEditsClient(rest), ledger: await createKvOperationLedger(nc, options) };
}

export interface EditConsumersDeps extends Omit<OperationDeps, 'ledger'> {
  nc: NatsConnection;
  logger: Logger;
  edits: PostEditsDeps;
  concurrency: number;
  ackWaitMs?: number;
  /** An invalid command: `post.failed` `invalid_request` naming the field (the posts consumer's reporter). */
  onInvalid: (message: InvalidMessage, ctx: MessageContext) => Promise<void>;
}

/**
 * Starts both consumers (one ack policy: invalid → term, done → ack, and the handler's outcomes for waits and
 * retries: a throttled member or another delivery at work is a delayed nak, never a failed attempt).
 */
export async function startEditConsumers(deps: EditConsumersDeps): Promise<RunningConsumer[]> {
  const operationDeps = { ...deps, ledger: deps.edits.ledger, edits: deps.edits.client };
  const update = createUpdateHandler(operationDeps);
  const remove = createDeleteHandler(operationDeps);
  const common = {
    nc: deps.nc,
    stream: STREAMS.posts.name,
    logger: deps.logger.child({ component: 'edit-consumer' }),
    concurrency: deps.concurrency,
    // Attempts are counted in the ledger (throttling waits are free); the handler says when to give up.
    maxAttempts: Number.MAX_SAFE_INTEGER,
    ...(deps.ackWaitMs ? { ackWaitMs: deps.ackWaitMs } : {}),
    onInvalid: deps.onInvalid,
  };
  return Promise.all([
    runConsumer({
      ...common,
      durable: UPDATE_DURABLE,
      subject: SUBJECTS.postUpdateRequested,
      schema: postUpdateRequested,
      handle: update.handle,
      onGiveUp: update.gaveUp,
    }),
    runConsumer({
      ...common,
      durable: DELETE_DURABLE,
      subject: SUBJECTS.postDeleteRequested,
      schema: postDeleteRequested,
      handle: remove.handle,
      onGiveUp: remove.gaveUp,
    }),
  ]);
}
