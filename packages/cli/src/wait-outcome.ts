import type { NatsConnection } from '@nats-io/transport-node';
import { SUBJECTS, postFailed, postPublished, type PostFailed, type PostPublished } from '@li-bus/contracts';

export type PostOutcome =
  { kind: 'published'; event: PostPublished } | { kind: 'failed'; event: PostFailed } | { kind: 'timeout' };

/**
 * Listens for the request's outcome. Call before publishing so the outcome cannot slip past; the returned
 * promise settles with the first matching event, or `timeout`.
 */
export function waitForOutcome(
  nc: NatsConnection,
  requestId: string,
  timeoutMs: number,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const subs = [SUBJECTS.postPublished, SUBJECTS.postFailed].map((subject) =>
      nc.subscribe(subject, {
        callback: (_error, msg) => {
          const body: unknown = msg.json();
          const published = postPublished.safeParse(body);
          if (published.success && published.data.requestId === requestId) {
            return finish({ kind: 'published', event: published.data });
          }
          const failed = postFailed.safeParse(body);
          if (failed.success && failed.data.requestId === requestId)
            finish({ kind: 'failed', event: failed.data });
        },
      }),
    );
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    function finish(outcome: PostOutcome) {
      clearTimeout(timer);
      for (const sub of subs) sub.unsubscribe();
      resolve(outcome);
    }
  });
}
