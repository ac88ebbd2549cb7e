import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { PUBLISHER_DURABLE } from '../src/app.ts';
import { SCHEDULES_STREAM } from '../src/schedules/schedule-subjects.ts';
import { createWaitingCount } from '../src/schedules/waiting-count.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('publisher: waiting requests live on server-side schedules', () => {
  it('5,000 posts scheduled an hour ahead hold no consumer slot; another connection still publishes', async () => {
    const h = harness();
    await h.startPublisher({ maxAckPending: 50 });
    await h.connect('conn_later');
    await h.connect('conn_fresh');
    const js = jetstream(h.nc);
    const notBefore = inSeconds(3600);
    const sends = Array.from({ length: 5000 }, (_, i) =>
      js.publish(
        SUBJECTS.postRequested,
        JSON.stringify({ requestId: `hour-${i}`, connectionId: 'conn_later', text: `Later ${i}`, notBefore }),
        { msgID: `hour-${i}` },
      ),
    );
    await Promise.all(sends);
    const jsm = await jetstreamManager(h.nc);
    // Every one of them is waiting on its own schedule.
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 5000, {
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    const info = await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
    expect(info.num_ack_pending).toBeLessThanOrEqual(5);
    expect(await createWaitingCount(h.nc).current('conn_later')).toBe(5000);

    const sent = Date.now();
    await h.requestPost({ requestId: 'fresh-1', connectionId: 'conn_fresh', text: 'Right now' });
    const [fresh] = await h.outcomeOf('fresh-1');
    console.log(
      `fresh post with 5,000 scheduled and a window of 50: published after ${Date.now() - sent} ms`,
    );
    expect(fresh?.subject).toBe(SUBJECTS.postPublished);
    expect((await h.posts()).map((p) => p.commentary)).toEqual(['Right now']);
  }, 180_000);

  it('a scheduled post fires once, not before its notBefore', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_sched');
    const notBefore = inSeconds(6.3);
    await h.requestPost({ requestId: 'sched-1', connectionId: 'conn_sched', text: 'On time', notBefore });
    const jsm = await jetstreamManager(h.nc);
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 1);
    // Acked just after its schedule is stored: nothing in flight once that ack lands.
    await waitFor(
      async () => (await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE)).num_ack_pending === 0,
    );

    const [outcome] = await waitFor(() => h.outcomeOf('sched-1'), { timeoutMs: 15_000 });
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.createdAt).toBeGreaterThanOrEqual(Date.parse(notBefore));
    // Fired, armed, published: nothing left waiting, nothing posted twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await h.postRequests()).toHaveLength(1);
    expect(h.outcomes.filter((o) => o.body.requestId === 'sched-1')).toHaveLength(1);
    expect((await jsm.streams.info(SCHEDULES_STREAM)).state.messages).toBe(0);
    expect(await createWaitingCount(h.nc).current('conn_sched')).toBe(0);
  }, 30_000);

  it('a retry delay of 5 s or more waits on a schedule too: no slot held, then published once', async () => {
    const h = harness();
    // The backoff has ±20 % jitter: 8 s stays above the consumer's 5 s threshold (6 s could fall to 4.8 s).
    await h.startPublisher({ backoffMs: [8000] });
    await h.connect('conn_retry');
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', status: 503, times: 1 });
    await h.requestPost({ requestId: 'retry-1', connectionId: 'conn_retry', text: 'Second time lucky' });
    const jsm = await jetstreamManager(h.nc);
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 1, {
      timeoutMs: 15_000,
    });
    // Acked just after its schedule is stored: nothing in flight once that ack lands.
    await waitFor(
      async () => (await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE)).num_ack_pending === 0,
    );
    const [outcome] = await waitFor(() => h.outcomeOf('retry-1'), { timeoutMs: 15_000 });
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    expect((await h.postRequests()).map((r) => r.status)).toEqual([503, 201]);
  }, 30_000);

  it('scheduled posts fire once, none early, when the publisher was down at their time', async () => {
    const h = harness();
    const first = await h.startPublisher();
    await h.connect('conn_restart');
    const notBefore = inSeconds(6);
    for (let i = 0; i < 20; i++) {
      await h.requestPost({
        requestId: `restart-${i}`,
        connectionId: 'conn_restart',
        text: `R ${i}`,
        notBefore,
      });
    }
    const jsm = await jetstreamManager(h.nc);
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 20);
    await first.stop();
    // Down past the due time: the server fires the schedules into the due subject, where they wait.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, Date.parse(notBefore) - Date.now()) + 2000),
    );
    expect(await h.postRequests()).toHaveLength(0);
    await h.startPublisher();
    await waitFor(() => h.outcomes.length >= 20, { timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const posts = await h.posts();
    expect(posts).toHaveLength(20);
    expect(new Set(posts.map((p) => p.commentary)).size).toBe(20);
    expect(Math.min(...posts.map((p) => p.createdAt))).toBeGreaterThanOrEqual(Date.parse(notBefore));
    expect(h.outcomes.every((o) => o.subject === SUBJECTS.postPublished)).toBe(true);
    expect(h.outcomes).toHaveLength(20);
  }, 60_000);

  it('scheduled posts survive a NATS restart: each fires once, none early', async (test) => {
    const h = harness();
    const first = await h.startPublisher();
    await h.connect('conn_nats');
    const notBefore = inSeconds(8);
    for (let i = 0; i < 20; i++) {
      await h.requestPost({ requestId: `nats-${i}`, connectionId: 'conn_nats', text: `N ${i}`, notBefore });
    }
    const jsm = await jetstreamManager(h.nc);
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 20);
    await first.stop();
    if (!(await h.restartNats())) return test.skip('NATS_URL: an external server is not restarted');
    expect((await jsm.streams.info(SCHEDULES_STREAM)).state.messages).toBe(20);
    await h.startPublisher();
    await waitFor(() => h.outcomes.length >= 20, { timeoutMs: 25_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const posts = await h.posts();
    expect(posts).toHaveLength(20);
    expect(new Set(posts.map((p) => p.commentary)).size).toBe(20);
    expect(Math.min(...posts.map((p) => p.createdAt))).toBeGreaterThanOrEqual(Date.parse(notBefore));
    expect(h.outcomes).toHaveLength(20);
  }, 60_000);

  it('over PUBLISH_MAX_SCHEDULED_PER_CONNECTION: post.failed invalid_request; other connections unaffected', async () => {
    const h = harness();
    await h.startPublisher({ maxScheduledPerConnection: 3 });
    await h.connect('conn_many');
    await h.connect('conn_other');
    const notBefore = inSeconds(3600);
    for (let i = 0; i < 3; i++) {
      await h.requestPost({ requestId: `many-${i}`, connectionId: 'conn_many', text: `M ${i}`, notBefore });
    }
    const jsm = await jetstreamManager(h.nc);
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 3);
    await h.requestPost({ requestId: 'many-3', connectionId: 'conn_many', text: 'One too many', notBefore });
    await h.requestPost({ requestId: 'other-0', connectionId: 'conn_other', text: 'Mine', notBefore });
    const [over] = await h.outcomeOf('many-3');
    expect(over?.subject).toBe(SUBJECTS.postFailed);
    expect(over?.body).toMatchObject({ code: 'invalid_request' });
    expect(over?.body).toHaveProperty(
      'message',
      expect.stringContaining('PUBLISH_MAX_SCHEDULED_PER_CONNECTION'),
    );
    await waitFor(async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages === 4);
    const count = createWaitingCount(h.nc);
    expect(await count.current('conn_many')).toBe(3);
    expect(await count.current('conn_other')).toBe(1);
    expect(h.outcomes).toHaveLength(1);
  }, 30_000);
});
