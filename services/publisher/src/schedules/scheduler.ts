import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { PostRequested } from '@li-bus/contracts';
import { injectTraceContext } from '@li-bus/messaging';
import { atScheduleOf, DUE_SUBJECT, SCHEDULES_STREAM, scheduleSubjectOf } from './schedule-subjects.ts';

/** Server-side schedules of waiting requests (one per request, replaced when published again). */
export interface Scheduler {
  /** The server publishes `post` to the due subject at `untilMs` (rounded up to the second). */
  schedule(post: PostRequested, untilMs: number): Promise<void>;
  /** Removes the request's schedule, if any. */
  unschedule(requestId: string): Promise<void>;
}

export function createScheduler(nc: NatsConnection): Scheduler {
  const js = jetstream(nc, { timeout: 5000 });
  const manager = jetstreamManager(nc);
  return {
    async schedule(post, untilMs) {
      const h = headers();
      h.set('Nats-Schedule', atScheduleOf(untilMs));
      h.set('Nats-Schedule-Target', DUE_SUBJECT);
      // The fired copy keeps the schedule's headers: the trace goes on from here. No Nats-Msg-Id (not copied,
      // and a repeated one would drop the replacement of an earlier schedule as a duplicate).
      injectTraceContext(h);
      await js.publish(scheduleSubjectOf(post.requestId), JSON.stringify(post), { headers: h });
    },
    async unschedule(requestId) {
      const jsm = await manager;
      await jsm.streams.purge(SCHEDULES_STREAM, { filter: scheduleSubjectOf(requestId) });
    },
  };
}
