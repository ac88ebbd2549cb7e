import type { NatsConnection } from '@nats-io/transport-node';
import {
  postDeleted,
  postFailed,
  postUpdated,
  SUBJECTS,
  type PostDeleted,
  type PostFailed,
  type PostUpdated,
} from '@li-bus/contracts';
import { waitForEvent } from './wait-outcome.ts';

export type OperationOutcome =
  | { status: 'updated'; event: PostUpdated }
  | { status: 'deleted'; event: PostDeleted }
  | { status: 'failed'; event: PostFailed }
  | { status: 'timeout' };

const OPERATION_OUTCOMES = {
  [SUBJECTS.postUpdated]: { status: 'updated' as const, schema: postUpdated },
  [SUBJECTS.postDeleted]: { status: 'deleted' as const, schema: postDeleted },
  [SUBJECTS.postFailed]: { status: 'failed' as const, schema: postFailed },
};

/**
 * The outcome of an edit or delete (`post.updated` / `post.deleted` / `post.failed` with its requestId), found
 * like a post's (`waitForEvent`): a repeated command (dropped as a duplicate) still finds the first one's outcome.
 */
export function waitForOperationOutcome(
  nc: NatsConnection,
  requestId: string,
  options: { fromSeq: number; timeoutMs: number },
): Promise<OperationOutcome> {
  return waitForEvent(nc, requestId, OPERATION_OUTCOMES, options);
}
