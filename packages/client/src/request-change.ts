import type { NatsConnection } from '@nats-io/transport-node';
import {
  describeIssues,
  postDeleteRequested,
  postUpdateRequested,
  SUBJECTS,
  type PostDeleteRequested,
  type PostUpdateRequested,
} from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { InvalidPostError } from './errors.ts';
import type { RequestPostOptions } from './request-post.ts';
import { waitForOperationOutcome, type OperationOutcome } from './wait-operation.ts';

export type RequestChangeResult =
  | (OperationOutcome & { requestId: string; duplicate: boolean })
  | { status: 'requested'; requestId: string; duplicate: boolean };

async function send(
  nc: NatsConnection,
  subject: typeof SUBJECTS.postUpdateRequested | typeof SUBJECTS.postDeleteRequested,
  command: PostUpdateRequested | PostDeleteRequested,
  options: RequestPostOptions,
): Promise<RequestChangeResult> {
  const ack = await createEventPublisher(nc).publish(subject, command);
  const base = { requestId: command.requestId, duplicate: ack.duplicate };
  if (options.wait === false) return { status: 'requested', ...base };
  const outcome = await waitForOperationOutcome(nc, command.requestId, {
    fromSeq: ack.seq,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return { ...outcome, ...base };
}

/**
 * Sends `post.update.requested` (the new text of a published post): validated against the contract first
 * (InvalidPostError naming the fields, nothing published), `Nats-Msg-Id = requestId`, then waits for
 * `post.updated` / `post.failed`. `requestId` is the edit's own idempotency key: the same one again is one edit
 * and resolves with its outcome; a new edit needs a new requestId.
 */
export async function requestUpdate(
  nc: NatsConnection,
  input: PostUpdateRequested,
  options: RequestPostOptions = {},
): Promise<RequestChangeResult> {
  const parsed = postUpdateRequested.safeParse(input);
  if (!parsed.success) throw new InvalidPostError(describeIssues(parsed.error));
  return send(nc, SUBJECTS.postUpdateRequested, parsed.data, options);
}

/** Sends `post.delete.requested` like `requestUpdate`, and waits for `post.deleted` / `post.failed`. */
export async function requestDelete(
  nc: NatsConnection,
  input: PostDeleteRequested,
  options: RequestPostOptions = {},
): Promise<RequestChangeResult> {
  const parsed = postDeleteRequested.safeParse(input);
  if (!parsed.success) throw new InvalidPostError(describeIssues(parsed.error));
  return send(nc, SUBJECTS.postDeleteRequested, parsed.data, options);
}
