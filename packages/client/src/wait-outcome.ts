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

/** What the contracts' zod schemas offer: a parse that says whether the body is one. */
interface BodySchema<T> {
  safeParse(body: unknown): { success: true; data: T } | { success: false };
}

/** For each outcome subject: the status it means and the schema of its body. */
export type OutcomeReaders = Record<string, { status: string; schema: BodySchema<{ requestId: string }> }>;

type Found<R extends OutcomeReaders> = {
  [K in keyof R]: {
    status: R[K]['status'];
    event: R[K]['schema'] extends BodySchema<infer T> ? T : never;
  };
}[keyof R];

/**
 * Finds a request's outcome in the POSTS stream, reading from the request's own sequence number onwards. An
 * outcome always comes after its request, so nothing can slip past, and a repeated request (same requestId,
 * dropped by the server as a duplicate) still finds the outcome of the first one.
 */
export async function waitForEvent<R extends OutcomeReaders>(
  nc: NatsConnection,
  requestId: string,
  readers: R,
  options: { fromSeq: number; timeoutMs: number },
): Promise<Found<R> | { status: 'timeout' }> {
  const consumer = await jetstream(nc).consumers.get(STREAMS.posts.name, {
    filter_subjects: 'post.>',
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: options.fromSeq,
  });
  const messages = await consumer.consume();
  const timer = setTimeout(() => void messages.close(), options.timeoutMs);
  try {
    for await (const m of messages) {
      const reader = Object.hasOwn(readers, m.subject) ? readers[m.subject] : undefined;
      const parsed = reader?.schema.safeParse(m.json());
      if (reader && parsed?.success && parsed.data.requestId === requestId) {
        return { status: reader.status, event: parsed.data } as Found<R>;
      }
    }
    return { status: 'timeout' };
  } finally {
    clearTimeout(timer);
    await messages.close();
  }
}

const POST_OUTCOMES = {
  [SUBJECTS.postPublished]: { status: 'published' as const, schema: postPublished },
  [SUBJECTS.postFailed]: { status: 'failed' as const, schema: postFailed },
};

/** `post.published` or `post.failed` of `requestId` (see `waitForEvent`). */
export function waitForOutcome(
  nc: NatsConnection,
  requestId: string,
  options: { fromSeq: number; timeoutMs: number },
): Promise<PostOutcome> {
  return waitForEvent(nc, requestId, POST_OUTCOMES, options);
}
