import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  postFailed,
  postPublished,
  STREAMS,
  SUBJECTS,
  type PostFailed,
  type PostPublished,
} from '@li-bus/contracts';

export type PostOutcome =
  | { status: 'published'; event: PostPublished }
  | { status: 'failed'; event: PostFailed }
  | { status: 'timeout' };

/**
 * Finds a request's outcome in the POSTS stream, reading from the request's own sequence number onwards. An
 * outcome always comes after its request, so nothing can slip past, and a repeated request (same requestId,
 * dropped by the server as a duplicate) still finds the outcome of the first one.
 */
export async function waitForOutcome(
  nc: NatsConnection,
  requestId: string,
  options: { fromSeq: number; timeoutMs: number },
): Promise<PostOutcome> {
  // One filter subject (not a list) keeps this working on NATS 2.9.
  const consumer = await jetstream(nc).consumers.get(STREAMS.posts.name, {
    filter_subjects: 'post.>',
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: options.fromSeq,
  });
  const messages = await consumer.consume();
  const timer = setTimeout(() => void messages.close(), options.timeoutMs);
  try {
    for await (const m of messages) {
      if (m.subject !== SUBJECTS.postPublished && m.subject !== SUBJECTS.postFailed) continue;
      const body: unknown = m.json();
      const published = postPublished.safeParse(body);
      if (published.success && published.data.requestId === requestId) {
        return { status: 'published', event: published.data };
      }
      const failed = postFailed.safeParse(body);
      if (failed.success && failed.data.requestId === requestId)
        return { status: 'failed', event: failed.data };
    }
    return { status: 'timeout' };
  } finally {
    clearTimeout(timer);
    await messages.close();
  }
}
