import type { NatsConnection } from '@nats-io/transport-node';
import {
  describeIssues,
  postCancelled,
  postCancelRejected,
  postCancelRequested,
  SUBJECTS,
  type PostCancelled,
  type PostCancelRejected,
  type PostCancelRequested,
} from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { InvalidPostError } from './errors.ts';
import type { RequestPostOptions } from './request-post.ts';
import { waitForEvent } from './wait-outcome.ts';

export type CancelOutcome =
  | { status: 'cancelled'; event: PostCancelled }
  | { status: 'rejected'; event: PostCancelRejected }
  | { status: 'timeout' };

export type RequestCancelResult =
  | (CancelOutcome & { requestId: string; duplicate: boolean })
  | { status: 'requested'; requestId: string; duplicate: boolean };

const CANCEL_OUTCOMES = {
  [SUBJECTS.postCancelled]: { status: 'cancelled' as const, schema: postCancelled },
  [SUBJECTS.postCancelRejected]: { status: 'rejected' as const, schema: postCancelRejected },
};

/**
 * Sends `post.cancel.requested` for a request not yet on LinkedIn (validated first: InvalidPostError, nothing
 * published), then waits for `post.cancelled` or `post.cancel.rejected` (`already_published` / `not_found`),
 * found like a post's outcome (`waitForEvent`). `requestId` is the request's own; with its `connectionId`, a
 * request the publisher has not taken yet is cancelled too. Cancelling again resolves with the same outcome.
 */
export async function requestCancel(
  nc: NatsConnection,
  input: PostCancelRequested,
  options: RequestPostOptions = {},
): Promise<RequestCancelResult> {
  const parsed = postCancelRequested.safeParse(input);
  if (!parsed.success) throw new InvalidPostError(describeIssues(parsed.error));
  const ack = await createEventPublisher(nc).publish(SUBJECTS.postCancelRequested, parsed.data);
  const base = { requestId: parsed.data.requestId, duplicate: ack.duplicate };
  if (options.wait === false) return { status: 'requested', ...base };
  const outcome = await waitForEvent(nc, parsed.data.requestId, CANCEL_OUTCOMES, {
    fromSeq: ack.seq,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return { ...outcome, ...base };
}
