import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  postDeleted,
  postFailed,
  postUpdated,
  STREAMS,
  SUBJECTS,
  type PostDeleted,
  type PostFailed,
  type PostUpdated,
} from '@li-bus/contracts';

export type OperationOutcome =
  | { status: 'updated'; event: PostUpdated }
  | { status: 'deleted'; event: PostDeleted }
  | { status: 'failed'; event: PostFailed }
  | { status: 'timeout' };

const SUCCESS = {
  [SUBJECTS.postUpdated]: (body: unknown) => {
    const parsed = postUpdated.safeParse(body);
    return parsed.success ? { status: 'updated' as const, event: parsed.data } : null;
  },
  [SUBJECTS.postDeleted]: (body: unknown) => {
    const parsed = postDeleted.safeParse(body);
    return parsed.success ? { status: 'deleted' as const, event: parsed.data } : null;
  },
  [SUBJECTS.postFailed]: (body: unknown) => {
    const parsed = postFailed.safeParse(body);
    return parsed.success ? { status: 'failed' as const, event: parsed.data } : null;
  },
} as const;

/**
 * Finds the outcome of an edit or delete (`post.updated` / `post.deleted` / `post.failed` with its requestId)
 * in the POSTS stream from the command's own sequence number on, like `waitForOutcome` for posts: a repeated
 * command (dropped by the server as a duplicate) still finds the first one's outcome.
 */
export async function waitForOperationOutcome(
  nc: NatsConnection,
  requestId: string,
  options: { fromSeq: number; timeoutMs: number },
): Promise<OperationOutcome> {
  const consumer = await jetstream(nc).consumers.get(STREAMS.posts.name, {
    filter_subjects: 'post.>',
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: options.fromSeq,
  });
  const messages = await consumer.consume();
  const timer = setTimeout(() => void messages.close(), options.timeoutMs);
  try {
    for await (const m of messages) {
      const read = SUCCESS[m.subject as keyof typeof SUCCESS];
      const outcome = read?.(m.json());
      if (outcome && outcome.event.requestId === requestId) return outcome;
    }
    return { status: 'timeout' };
  } finally {
    clearTimeout(timer);
    await messages.close();
  }
}
