import { SUBJECTS } from '@li-bus/contracts';
import type { EventPublisher, HandlerOutcome, MessageContext } from '@li-bus/messaging';
import { Counter, Histogram, type Registry } from '@li-bus/service-kit';

/**
 * `li_bus_posts_total{outcome, code}` counted where outcomes leave the publisher (every `post.published` /
 * `post.failed` it emits), and `li_bus_post_attempt_seconds{result}` for each handling of a request.
 */
export function instrumentPublisher(registry: Registry) {
  const posts = new Counter({
    name: 'li_bus_posts_total',
    help: 'Posts that ended, by outcome and post.failed code',
    labelNames: ['outcome', 'code'],
    registers: [registry],
  });
  const attempts = new Histogram({
    name: 'li_bus_post_attempt_seconds',
    help: 'Time to handle one delivery of post.requested (uploads and LinkedIn calls included)',
    labelNames: ['result'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    events(inner: EventPublisher): EventPublisher {
      return {
        async publish(subject, body) {
          const result = await inner.publish(subject, body);
          if (result.duplicate) return result;
          if (subject === SUBJECTS.postPublished) posts.inc({ outcome: 'published', code: '' });
          if (subject === SUBJECTS.postFailed)
            posts.inc({ outcome: 'failed', code: (body as { code: string }).code });
          if (subject === SUBJECTS.postCancelled) posts.inc({ outcome: 'cancelled', code: '' });
          return result;
        },
      };
    },
    handler<T>(handle: (message: T, ctx: MessageContext) => Promise<void | HandlerOutcome>) {
      return async (message: T, ctx: MessageContext) => {
        const stop = attempts.startTimer();
        try {
          const outcome = await handle(message, ctx);
          // A wait (deferred or delivered again) is its own result, neither done nor failed.
          stop({ result: outcome && outcome.kind !== 'ack' ? 'waiting' : 'done' });
          return outcome;
        } catch (error) {
          stop({ result: 'retry_or_fail' });
          throw error;
        }
      };
    },
  };
}
