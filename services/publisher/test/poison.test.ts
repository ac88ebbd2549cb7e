import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { CANCEL_DURABLE } from '../src/app.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe('publisher consumer: poison messages', () => {
  it('fails each invalid command once with invalid_request, never redelivers it, and keeps publishing', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_poison');
    const js = jetstream(h.nc);
    await js.publish(SUBJECTS.postRequested, 'this is {not json', { msgID: 'poison-not-json' });
    await js.publish(SUBJECTS.postRequested, JSON.stringify({ requestId: 'poison-no-conn', text: 'hello' }), {
      msgID: 'poison-no-conn',
    });
    // 1600 '(' become 3200 characters once escaped: over LinkedIn's 3000.
    const tooLong = { requestId: 'poison-long', connectionId: 'conn_poison', text: '('.repeat(1600) };
    await js.publish(SUBJECTS.postRequested, JSON.stringify(tooLong), { msgID: 'poison-long' });
    await h.requestPost({ requestId: 'poison-after', connectionId: 'conn_poison', text: 'Still publishing' });

    const [after] = await h.outcomeOf('poison-after');
    expect(after?.subject).toBe(SUBJECTS.postPublished);
    const [notJson] = await h.outcomeOf('unknown');
    const [noConnection] = await h.outcomeOf('poison-no-conn');
    const [long] = await h.outcomeOf('poison-long');

    expect(notJson?.subject).toBe(SUBJECTS.postFailed);
    expect(notJson?.body).toMatchObject({ requestId: 'unknown', code: 'invalid_request', attempts: 1 });
    expect(notJson?.body).toHaveProperty('message', expect.stringMatching(/JSON/));
    expect(noConnection?.subject).toBe(SUBJECTS.postFailed);
    expect(noConnection?.body).toMatchObject({ code: 'invalid_request', attempts: 1, connectionId: '' });
    expect(noConnection?.body).toHaveProperty('message', expect.stringContaining('connectionId'));
    expect(long?.subject).toBe(SUBJECTS.postFailed);
    expect(long?.body).toMatchObject({ code: 'invalid_request', attempts: 1, connectionId: 'conn_poison' });
    expect(long?.body).toHaveProperty('message', expect.stringMatching(/^text: .*3000/));

    // Four deliveries for four messages: nothing was redelivered; one outcome each; one post at LinkedIn.
    expect(await h.settledDeliveries()).toBe(4);
    expect(h.outcomes).toHaveLength(4);
    expect(await h.postRequests()).toHaveLength(1);
    expect((await h.posts()).map((p) => p.commentary)).toEqual(['Still publishing']);
  });
});

describe('publisher consumer: an invalid command under a long Nats-Msg-Id', () => {
  it('is failed once (event id hashed to fit), not redelivered forever', async () => {
    const h = harness();
    await h.startPublisher();
    const js = jetstream(h.nc);
    // A client that uses its malformed 300-character requestId as the message id, as the contract tells it to.
    const requestId = `bad id ${'x'.repeat(300)}`;
    await js.publish(SUBJECTS.postRequested, JSON.stringify({ requestId, connectionId: 'c', text: 'x' }), {
      msgID: requestId,
    });
    const [failed] = await h.outcomeOf('unknown');
    expect(failed?.body).toMatchObject({ requestId: 'unknown', code: 'invalid_request', attempts: 1 });
    expect(String(failed?.body['eventId'])).toMatch(/^invalid:sha256:[A-Za-z0-9_-]{43}$/);
    expect(await h.settledDeliveries()).toBe(1);
  });
});

describe('cancel consumer: poison messages', () => {
  it('terminates an invalid cancel command once and keeps answering valid ones', async () => {
    const h = harness();
    await h.startPublisher();
    const js = jetstream(h.nc);
    await js.publish(SUBJECTS.postCancelRequested, 'not {json', { msgID: 'cancel-poison-1' });
    await js.publish(SUBJECTS.postCancelRequested, JSON.stringify({ requestId: 'bad id!' }), {
      msgID: 'cancel-poison-2',
    });
    await js.publish(SUBJECTS.postCancelRequested, JSON.stringify({ requestId: 'after-poison' }), {
      msgID: 'after-poison:cancel',
    });
    const [answer] = await h.outcomeOf('after-poison');
    expect(answer).toMatchObject({ subject: SUBJECTS.postCancelRejected, body: { reason: 'not_found' } });
    const jsm = await jetstreamManager(h.nc);
    const info = await waitFor(async () => {
      const current = await jsm.consumers.info(STREAMS.posts.name, CANCEL_DURABLE);
      return current.num_ack_pending === 0 && current.num_pending === 0 ? current : undefined;
    });
    // Three deliveries for three messages: nothing redelivered, one answer.
    expect(info.delivered.consumer_seq).toBe(3);
    expect(info.num_redelivered).toBe(0);
    expect(h.outcomes).toHaveLength(1);
  });
});
