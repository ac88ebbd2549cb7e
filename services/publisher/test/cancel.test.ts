import { jetstream } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';
import { createWaitingCount } from '../src/schedules/waiting-count.ts';
import { usePublisherHarness, type PublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function cancel(h: PublisherHarness, requestId: string, connectionId?: string) {
  return createEventPublisher(h.nc).publish(SUBJECTS.postCancelRequested, {
    requestId,
    ...(connectionId ? { connectionId } : {}),
  });
}
const outcomesOf = (h: PublisherHarness, requestId: string) =>
  h.outcomes.filter((o) => o.body.requestId === requestId);

describe('publisher: post.cancel.requested', () => {
  it('cancels a scheduled post: post.cancelled, never posted; cancelling again is harmless', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_cancel');
    const notBefore = inMs(6000);
    await h.requestPost({ requestId: 'cancel-1', connectionId: 'conn_cancel', text: 'Never', notBefore });
    const count = createWaitingCount(h.nc);
    await waitFor(async () => (await count.current('conn_cancel')) === 1);
    await cancel(h, 'cancel-1');
    const [cancelled] = await h.outcomeOf('cancel-1');
    expect(cancelled).toMatchObject({
      subject: SUBJECTS.postCancelled,
      body: { eventId: 'cancel-1:cancelled', requestId: 'cancel-1', connectionId: 'conn_cancel' },
    });
    expect(await count.current('conn_cancel')).toBe(0);
    // Again, under another message id (the stream would drop the same one): the same event again.
    await jetstream(h.nc).publish(SUBJECTS.postCancelRequested, JSON.stringify({ requestId: 'cancel-1' }), {
      msgID: 'cancel-1:cancel:again',
    });
    await h.outcomeOf('cancel-1', 2);
    // Past its time, and the original request delivered again: still nothing at LinkedIn.
    await sleep(Date.parse(notBefore) - Date.now() + 1500);
    await jetstream(h.nc).publish(
      SUBJECTS.postRequested,
      JSON.stringify({ requestId: 'cancel-1', connectionId: 'conn_cancel', text: 'Never' }),
      { msgID: 'cancel-1:again' },
    );
    await h.outcomeOf('cancel-1', 3);
    expect(await h.postRequests()).toHaveLength(0);
    expect(outcomesOf(h, 'cancel-1').map((o) => o.subject)).toEqual(Array(3).fill(SUBJECTS.postCancelled));
  }, 30_000);

  it('rejects a published request (already_published) and an unknown one (not_found)', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_done');
    await h.requestPost({ requestId: 'done-1', connectionId: 'conn_done', text: 'Out already' });
    await h.outcomeOf('done-1');
    await cancel(h, 'done-1', 'conn_done');
    const [, rejected] = await h.outcomeOf('done-1', 2);
    expect(rejected).toMatchObject({
      subject: SUBJECTS.postCancelRejected,
      body: { eventId: 'done-1:cancel-rejected:already_published', reason: 'already_published' },
    });
    await cancel(h, 'nobody-1');
    const [unknown] = await h.outcomeOf('nobody-1');
    expect(unknown).toMatchObject({ subject: SUBJECTS.postCancelRejected, body: { reason: 'not_found' } });
    expect(await h.posts()).toHaveLength(1);
  });

  it('cancels a request the publisher has not taken yet when the command names the connection', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_early');
    await cancel(h, 'early-1', 'conn_early');
    const [cancelled] = await h.outcomeOf('early-1');
    expect(cancelled?.subject).toBe(SUBJECTS.postCancelled);
    await h.requestPost({ requestId: 'early-1', connectionId: 'conn_early', text: 'Too late to send' });
    await h.outcomeOf('early-1', 2);
    expect(outcomesOf(h, 'early-1').map((o) => o.subject)).toEqual([
      SUBJECTS.postCancelled,
      SUBJECTS.postCancelled,
    ]);
    expect(await h.postRequests()).toHaveLength(0);
  });

  it('a cancel racing the due time: exactly one of published or cancelled, 50 times', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_race');
    // Far enough ahead to be held by schedules (shorter waits are delayed naks).
    const due = Math.ceil((Date.now() + 7000) / 1000) * 1000;
    const ids = Array.from({ length: 50 }, (_, i) => `race-${i}`);
    for (const [i, requestId] of ids.entries()) {
      const notBefore = new Date(due).toISOString();
      await h.requestPost({ requestId, connectionId: 'conn_race', text: `Race ${i}`, notBefore });
    }
    const count = createWaitingCount(h.nc);
    await waitFor(async () => (await count.current('conn_race')) === 50);
    // Cancels spread over 400 ms around the second the schedules fire.
    await sleep(due - 200 - Date.now());
    await Promise.all(ids.map((id, i) => sleep(i * 8).then(() => cancel(h, id))));
    await waitFor(() => ids.every((id) => outcomesOf(h, id).length > 0), { timeoutMs: 15_000 });
    await sleep(1500);
    const posts = await h.posts();
    let published = 0;
    for (const id of ids) {
      const kinds = new Set(outcomesOf(h, id).map((o) => o.subject));
      if (kinds.has(SUBJECTS.postPublished)) {
        published++;
        // Published: its cancel was rejected, never cancelled.
        expect(kinds).toEqual(new Set([SUBJECTS.postPublished, SUBJECTS.postCancelRejected]));
      } else {
        expect(kinds).toEqual(new Set([SUBJECTS.postCancelled]));
      }
    }
    console.log(`cancel racing the due time: ${published} published, ${50 - published} cancelled`);
    expect(posts).toHaveLength(published);
    expect(await h.postRequests()).toHaveLength(published);
    expect(await count.current('conn_race')).toBe(0);
  }, 40_000);
});
