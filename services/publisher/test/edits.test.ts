import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { escapeLittleText, STREAMS, SUBJECTS } from '@li-bus/contracts';
import { DELETE_DURABLE, UPDATE_DURABLE } from '../src/edit-consumers.ts';
import { nextUtcMidnight } from '../src/member-throttle.ts';
import { createKvOperationLedger } from '../src/operation-ledger.ts';
import { usePublisherHarness } from './harness.ts';
import { watchEdits } from './edits-harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const TEXT = 'Corrected (see figures) #billing, @[Acme](urn:li:organization:123) *now* 50% <off>';

describe('publisher: post.update.requested', () => {
  it('sends LinkedIn a partial update of the escaped text and emits post.updated', async () => {
    const h = harness();
    await h.startPublisher();
    const reply = await h.connect('conn_edit');
    const w = await watchEdits(h);
    const urn = await w.published('conn_edit', 'p-1', 'Original text');
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-1',
      connectionId: 'conn_edit',
      postUrn: urn,
      text: TEXT,
    });
    const [outcome] = await w.outcomeOf('edit-1');
    expect(outcome?.subject).toBe(SUBJECTS.postUpdated);
    expect(outcome?.body).toMatchObject({
      eventId: 'edit-1:updated',
      connectionId: 'conn_edit',
      postUrn: urn,
    });

    // What LinkedIn received: exactly the escaped text, as a PARTIAL_UPDATE on the encoded URN.
    const [post] = await h.posts();
    expect(post?.submittedCommentary).toBe(escapeLittleText(TEXT));
    expect(post?.submittedCommentary).toBe(
      'Corrected \\(see figures\\) #billing, @[Acme](urn:li:organization:123) \\*now\\* 50% \\<off\\>',
    );
    const calls = await w.callsOn(urn);
    expect(calls.map((c) => [c.method, c.status, c.headers['x-restli-method']])).toEqual([
      ['POST', 204, 'PARTIAL_UPDATE'],
    ]);
    expect(calls[0]?.path).toBe(`/rest/posts/${urn.replaceAll(':', '%3A')}`);
    // LinkedIn's own view of the post: edited by its author, with the new text.
    const token = h.keyring.open(reply.accessToken, 'conn_edit');
    const read = await request(`${h.emulator.url}/rest/posts/${encodeURIComponent(urn)}`, {
      headers: {
        authorization: `Bearer ${token}`,
        'linkedin-version': currentApiVersion(Date.now()),
        'x-restli-protocol-version': '2.0.0',
      },
    });
    const view = (await read.body.json()) as { commentary: string; lifecycleStateInfo: object };
    expect(view.lifecycleStateInfo).toMatchObject({ isEditedByAuthor: true });
    // (LinkedIn reads hashtags back in their template form.)
    expect(view.commentary).toBe(post?.commentary.replace('#billing', '{hashtag|\\#|billing}'));
    w.close();
  });

  it('a command sent again after it was done re-emits post.updated without calling LinkedIn again', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_again');
    const w = await watchEdits(h);
    const urn = await w.published('conn_again', 'p-again', 'Original');
    const command = { requestId: 'edit-again', connectionId: 'conn_again', postUrn: urn, text: 'Once' };
    await w.events.publish(SUBJECTS.postUpdateRequested, command);
    const [first] = await w.outcomeOf('edit-again');
    // The same command under another Nats-Msg-Id (as after JetStream's duplicate window): a new delivery.
    await jetstream(h.nc).publish(SUBJECTS.postUpdateRequested, JSON.stringify(command), {
      msgID: 'resend-1',
    });
    await waitForSettled(h, UPDATE_DURABLE, 2);
    expect((await w.callsOn(urn)).filter((c) => c.method === 'POST')).toHaveLength(1);
    // Its event id is the same, so JetStream dropped the repeat: still one post.updated on the stream.
    expect(first?.body.requestId).toBe('edit-again');
    const info = await (
      await jetstreamManager(h.nc)
    ).streams.info(STREAMS.posts.name, {
      subjects_filter: 'post.>',
    });
    expect(info.state.subjects?.[SUBJECTS.postUpdated]).toBe(1);
    w.close();
  });

  it('never puts back older text: an edit older than the post’s newest edit is not sent', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_order');
    const w = await watchEdits(h);
    const urn = await w.published('conn_order', 'p-order', 'Original');
    // A newer edit of this post already claimed (its command reached the stream after this one).
    const ledger = await createKvOperationLedger(h.nc);
    await ledger.claimLatestEdit(urn, { requestId: 'edit-newer', publishedAtMs: Date.now() + 60_000 });
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-older',
      connectionId: 'conn_order',
      postUrn: urn,
      text: 'Older text',
    });
    const [outcome] = await w.outcomeOf('edit-older');
    expect(outcome?.subject).toBe(SUBJECTS.postUpdated);
    expect(await w.callsOn(urn)).toEqual([]);
    expect((await h.posts())[0]?.commentary).toBe('Original');
    w.close();
  });

  it('maps LinkedIn refusals to post.failed codes: 403 permission_denied, 404 linkedin_error', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_owner');
    const members = await h.emulatorAdmin.addMembers([{ name: 'Member B' }]);
    await h.connect('conn_other', { memberSub: members[0]!.sub });
    const w = await watchEdits(h);
    const urn = await w.published('conn_owner', 'p-owned', 'Mine');
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-foreign',
      connectionId: 'conn_other',
      postUrn: urn,
      text: 'Not yours',
    });
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-missing',
      connectionId: 'conn_owner',
      postUrn: 'urn:li:share:999999999',
      text: 'Nothing there',
    });
    const [foreign] = await w.outcomeOf('edit-foreign');
    const [missing] = await w.outcomeOf('edit-missing');
    expect(foreign?.body).toMatchObject({
      code: 'permission_denied',
      attempts: 1,
      linkedin: { status: 403, code: 'ACCESS_DENIED' },
    });
    expect(missing?.body).toMatchObject({ code: 'linkedin_error', attempts: 1, linkedin: { status: 404 } });
    expect((await h.posts())[0]?.commentary).toBe('Mine');
    w.close();
  });

  it('retries a 5xx and a dropped response, then applies the edit (repeating the same $set is harmless)', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_5xx');
    const w = await watchEdits(h);
    const urn = await w.published('conn_5xx', 'p-5xx', 'Original');
    const path = `/rest/posts/${encodeURIComponent(urn)}`;
    await h.addFault({ method: 'POST', pathPrefix: path, status: 503, times: 1 });
    await h.addFault({ method: 'POST', pathPrefix: path, times: 1, dropResponseAfterCommit: true });
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-5xx',
      connectionId: 'conn_5xx',
      postUrn: urn,
      text: 'Edited',
    });
    const [outcome] = await w.outcomeOf('edit-5xx');
    expect(outcome?.subject).toBe(SUBJECTS.postUpdated);
    expect((await h.posts())[0]?.submittedCommentary).toBe('Edited');
    w.close();
  });

  it('reauth_required when the connection was revoked; a 429 waits for the quota reset', async () => {
    const h = harness();
    const clock = await h.emulatorAdmin.clock();
    let offsetMs = clock.now - Date.now();
    const now = () => Date.now() + offsetMs;
    await h.startPublisher({ now, maxAttempts: 1, throttleRecheckMs: 100 });
    await h.connect('conn_429');
    await h.connect('conn_gone');
    const w = await watchEdits(h);
    const urn = await w.createdAtLinkedIn('conn_429', 'Original');
    h.keeper.revoke('conn_gone');
    await w.events.publish(SUBJECTS.postDeleteRequested, {
      requestId: 'del-gone',
      connectionId: 'conn_gone',
      postUrn: urn,
    });
    const [gone] = await w.outcomeOf('del-gone');
    expect(gone?.body).toMatchObject({ code: 'reauth_required', attempts: 1 });

    await h.addFault({
      method: 'POST',
      pathPrefix: `/rest/posts/${encodeURIComponent(urn)}`,
      status: 429,
      times: 1,
    });
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-429',
      connectionId: 'conn_429',
      postUrn: urn,
      text: 'After the reset',
    });
    await waitForDelivered(h, UPDATE_DURABLE, 2);
    expect(w.outcomes.filter((o) => o.body.requestId === 'edit-429')).toEqual([]);
    const advanceSeconds = Math.ceil((nextUtcMidnight(now()) - now()) / 1000) + 1;
    await h.emulatorAdmin.advanceClock(advanceSeconds);
    offsetMs += advanceSeconds * 1000;
    const [edited] = await w.outcomeOf('edit-429');
    expect(edited?.subject).toBe(SUBJECTS.postUpdated);
    w.close();
  });
});

describe('publisher: post.delete.requested', () => {
  it('deletes the post at LinkedIn and emits post.deleted; deleting it again succeeds too', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_del');
    const w = await watchEdits(h);
    const urn = await w.published('conn_del', 'p-del', 'To be deleted');
    await w.events.publish(SUBJECTS.postDeleteRequested, {
      requestId: 'del-1',
      connectionId: 'conn_del',
      postUrn: urn,
    });
    const [deleted] = await w.outcomeOf('del-1');
    expect(deleted?.subject).toBe(SUBJECTS.postDeleted);
    expect(deleted?.body).toMatchObject({ eventId: 'del-1:deleted', connectionId: 'conn_del', postUrn: urn });
    expect((await h.posts())[0]?.deletedAt).toEqual(expect.any(Number));
    await w.events.publish(SUBJECTS.postDeleteRequested, {
      requestId: 'del-2',
      connectionId: 'conn_del',
      postUrn: urn,
    });
    const [again] = await w.outcomeOf('del-2');
    expect(again?.subject).toBe(SUBJECTS.postDeleted);
    const calls = await w.callsOn(urn);
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ['DELETE', 204],
      ['DELETE', 204],
    ]);
    expect(calls[0]?.headers['content-type']).toBeUndefined();
    // An edit of the deleted post: LinkedIn's 404, reported, never retried.
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'edit-deleted',
      connectionId: 'conn_del',
      postUrn: urn,
      text: 'Too late',
    });
    const [late] = await w.outcomeOf('edit-deleted');
    expect(late?.body).toMatchObject({ code: 'linkedin_error', linkedin: { status: 404 } });
    w.close();
  });
});

describe('publisher edit consumers: poison messages', () => {
  it('fails each invalid command once with invalid_request, never redelivers it, and keeps working', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_poison');
    const w = await watchEdits(h);
    const urn = await w.published('conn_poison', 'p-poison', 'Original');
    const js = jetstream(h.nc);
    await js.publish(SUBJECTS.postUpdateRequested, 'not {json', { msgID: 'u-not-json' });
    const noUrn = { requestId: 'u-no-urn', connectionId: 'conn_poison', text: 'x' };
    await js.publish(SUBJECTS.postUpdateRequested, JSON.stringify(noUrn), { msgID: 'u-no-urn' });
    const long = { requestId: 'u-long', connectionId: 'conn_poison', postUrn: urn, text: '('.repeat(1600) };
    await js.publish(SUBJECTS.postUpdateRequested, JSON.stringify(long), { msgID: 'u-long' });
    const badUrn = { requestId: 'd-bad', connectionId: 'conn_poison', postUrn: 'urn:li:person:abc' };
    await js.publish(SUBJECTS.postDeleteRequested, JSON.stringify(badUrn), { msgID: 'd-bad' });
    await w.events.publish(SUBJECTS.postUpdateRequested, {
      requestId: 'u-after',
      connectionId: 'conn_poison',
      postUrn: urn,
      text: 'Still editing',
    });

    const [after] = await w.outcomeOf('u-after');
    expect(after?.subject).toBe(SUBJECTS.postUpdated);
    const [notJson] = await w.outcomeOf('unknown');
    expect(notJson?.body).toMatchObject({ code: 'invalid_request', attempts: 1 });
    const [noUrnOutcome] = await w.outcomeOf('u-no-urn');
    expect(noUrnOutcome?.body).toMatchObject({ code: 'invalid_request', attempts: 1 });
    expect(noUrnOutcome?.body).toHaveProperty('message', expect.stringContaining('postUrn'));
    const [longOutcome] = await w.outcomeOf('u-long');
    expect(longOutcome?.body).toHaveProperty('message', expect.stringMatching(/^text: .*3000/));
    const [badUrnOutcome] = await w.outcomeOf('d-bad');
    expect(badUrnOutcome?.body).toHaveProperty('message', expect.stringContaining('postUrn'));

    expect(await waitForSettled(h, UPDATE_DURABLE, 4)).toBe(4);
    expect(await waitForSettled(h, DELETE_DURABLE, 1)).toBe(1);
    expect(w.outcomes).toHaveLength(5);
    expect((await w.callsOn(urn)).map((c) => c.status)).toEqual([204]);
    w.close();
  });
});

/** Deliveries made by one durable once it has at least `count` and all are acknowledged. */
async function waitForSettled(h: ReturnType<typeof harness>, durable: string, count: number) {
  const jsm = await jetstreamManager(h.nc);
  const { waitFor } = await import('@li-bus/testkit');
  return waitFor(async () => {
    const info = await jsm.consumers.info(STREAMS.posts.name, durable);
    const settled =
      info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.consumer_seq >= count;
    return settled ? info.delivered.consumer_seq : undefined;
  });
}

/** Waits until one durable has delivered `count` times (redeliveries included). */
async function waitForDelivered(h: ReturnType<typeof harness>, durable: string, count: number) {
  const jsm = await jetstreamManager(h.nc);
  const { waitFor } = await import('@li-bus/testkit');
  return waitFor(async () => {
    const info = await jsm.consumers.info(STREAMS.posts.name, durable);
    return info.delivered.consumer_seq >= count ? true : undefined;
  });
}
