import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { PostFailed, PostRequested } from '@li-bus/contracts';

/**
 * Dead letters: a request that ended in `post.failed` after retries (or with a failure that cannot be
 * retried) is kept on the POSTS stream under `post.dead` with the original request and the last error, for
 * operators to inspect and re-drive (see README, "Dead letters").
 */
export const DEAD_LETTER_SUBJECT = 'post.dead';

export interface DeadLetters {
  keep(request: PostRequested, failure: PostFailed): Promise<void>;
}

export function createDeadLetters(nc: NatsConnection): DeadLetters {
  const js = jetstream(nc, { timeout: 5000 });
  return {
    async keep(request, failure) {
      const h = headers();
      h.set('Li-Failure-Code', failure.code);
      // Not a contract event (nothing consumes it automatically), so it is published here directly.
      await js.publish(
        DEAD_LETTER_SUBJECT,
        JSON.stringify({ request, failure, deadAt: new Date().toISOString() }),
        { msgID: `${request.requestId}:dead`, headers: h },
      );
    },
  };
}
