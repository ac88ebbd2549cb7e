import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@li-bus/testkit';
import { ensureScheduleStreams } from '../src/schedules/schedule-streams.ts';
import {
  atScheduleOf,
  DUE_SUBJECT,
  SCHEDULES_STREAM,
  scheduleSubjectOf,
} from '../src/schedules/schedule-subjects.ts';
import { createScheduler } from '../src/schedules/scheduler.ts';
import { createWaitingCount } from '../src/schedules/waiting-count.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const post = (requestId: string) => ({
  requestId,
  connectionId: 'conn_s',
  visibility: 'PUBLIC' as const,
  text: requestId,
});

/** What the publisher relies on from nats-server (2.12+; tested on the shipped 2.15). */
describe('nats-server message schedules and counters, as the publisher uses them', () => {
  it('fires once at the second, keeps traceparent, replaces on republish, purges to cancel, empties on ack', async () => {
    const h = harness();
    await ensureScheduleStreams(h.nc, { replicas: 1 });
    const jsm = await jetstreamManager(h.nc);
    await jsm.consumers.add(SCHEDULES_STREAM, {
      durable_name: 'probe',
      ack_policy: AckPolicy.Explicit,
      filter_subject: DUE_SUBJECT,
    });
    const scheduler = createScheduler(h.nc);
    const due = Date.now() + 2000;
    await scheduler.schedule(post('first'), due + 60_000);
    // The same request again: replaces its schedule (one message per request).
    const js = jetstream(h.nc);
    const hdrs = headers();
    hdrs.set('Nats-Schedule', atScheduleOf(due));
    hdrs.set('Nats-Schedule-Target', DUE_SUBJECT);
    hdrs.set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    await js.publish(scheduleSubjectOf('first'), JSON.stringify(post('first')), { headers: hdrs });
    await scheduler.schedule(post('cancelled'), due);
    await scheduler.unschedule('cancelled');
    expect((await jsm.streams.info(SCHEDULES_STREAM)).state.messages).toBe(1);

    const consumer = await js.consumers.get(SCHEDULES_STREAM, 'probe');
    const fired = await waitFor(() => consumer.next({ expires: 1000 }), { timeoutMs: 8000 });
    const firedAt = Date.now();
    expect(fired.json<{ requestId: string }>().requestId).toBe('first');
    expect(firedAt).toBeGreaterThanOrEqual(Math.ceil(due / 1000) * 1000);
    expect(fired.headers?.get('traceparent')).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    fired.ack();
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 0);
    expect(await consumer.next({ expires: 1500 })).toBeNull();
  }, 20_000);

  it('counts per connection with Nats-Incr and drops a repeated send', async () => {
    const h = harness();
    await ensureScheduleStreams(h.nc, { replicas: 1 });
    const count = createWaitingCount(h.nc);
    expect(await count.add('conn_s', 1, 'a:in')).toBe(1);
    expect(await count.add('conn_s', 1, 'b:in')).toBe(2);
    expect(await count.add('conn_s', 1, 'b:in')).toBe(2);
    expect(await count.add('conn_s', -1, 'a:out')).toBe(1);
    expect(await count.current('conn_s')).toBe(1);
    expect(await count.current('conn_unknown')).toBe(0);
  });

  it('rounds @at up to the next whole second', () => {
    expect(atScheduleOf(Date.parse('2026-12-08T10:00:00.000Z'))).toBe('@at 2026-12-08T10:00:00Z');
    expect(atScheduleOf(Date.parse('2026-12-08T10:00:00.001Z'))).toBe('@at 2026-12-08T10:00:01Z');
  });
});
