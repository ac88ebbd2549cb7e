import type { NatsConnection } from '@nats-io/transport-node';
import { describeIssues, postRequested, SUBJECTS, type PostRequestedInput } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { InvalidPostError } from './errors.ts';
import { waitForOutcome, type PostOutcome } from './wait-outcome.ts';

export interface RequestPostOptions {
  /** Wait for `post.published` / `post.failed` (default true). */
  wait?: boolean;
  /** How long to wait (default 60 s); a timeout is an answer of its own, not a failure. */
  timeoutMs?: number;
}

export type RequestPostResult =
  | (PostOutcome & { requestId: string; duplicate: boolean })
  | { status: 'requested'; requestId: string; duplicate: boolean };

/**
 * Sends `post.requested`: validated against the contract first (InvalidPostError naming the fields, nothing
 * published), then published to JetStream with `Nats-Msg-Id = requestId` and the active trace context.
 * Sending the same requestId again never posts twice and resolves with the first request's outcome.
 */
export async function requestPost(
  nc: NatsConnection,
  input: PostRequestedInput,
  options: RequestPostOptions = {},
): Promise<RequestPostResult> {
  const parsed = postRequested.safeParse(input);
  if (!parsed.success) throw new InvalidPostError(describeIssues(parsed.error));
  const ack = await createEventPublisher(nc).publish(SUBJECTS.postRequested, parsed.data);
  const base = { requestId: parsed.data.requestId, duplicate: ack.duplicate };
  if (options.wait === false) return { status: 'requested', ...base };
  const outcome = await waitForOutcome(nc, parsed.data.requestId, {
    fromSeq: ack.seq,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return { ...outcome, ...base };
}
