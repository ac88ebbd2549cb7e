import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe('publisher: post.requested → LinkedIn (emulator) → post.published', () => {
  it('escapes every reserved character, keeps hashtags and mentions, and reports the URN', async () => {
    const h = harness();
    const version = currentApiVersion(Date.now());
    await h.startPublisher({ version });
    await h.connect('conn_happy');
    const text = 'Reserved | { } @ [ ] ( ) < > # \\ * _ ~ then #hashtag and @[Name](urn:li:person:x) end.';

    await h.requestPost({ requestId: 'happy-1', connectionId: 'conn_happy', text });
    const [outcome] = await h.outcomeOf('happy-1');

    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    const post = posts[0];
    const escaped = String.raw`Reserved \| \{ \} \@ \[ \] \( \) \< \> \# \\ \* \_ \~ then #hashtag and @[Name](urn:li:person:x) end.`;
    expect(post?.submittedCommentary).toBe(escaped);
    // The emulator truncates at the first unescaped reserved character, like LinkedIn: nothing may be cut.
    expect(post?.commentary).toBe(escaped);
    expect(post?.author).toBe(h.emulator.defaultMember.urn);
    expect(post?.visibility).toBe('PUBLIC');

    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    expect(outcome?.body).toMatchObject({
      requestId: 'happy-1',
      connectionId: 'conn_happy',
      author: h.emulator.defaultMember.urn,
      postUrn: post?.urn,
      postUrl: `https://www.linkedin.com/feed/update/${post?.urn}/`,
    });

    const creates = await h.postRequests();
    expect(creates).toHaveLength(1);
    expect(creates[0]?.status).toBe(201);
    expect(creates[0]?.headers['linkedin-version']).toBe(version);
    expect(creates[0]?.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(creates[0]?.headers['authorization']).toMatch(/^Bearer /);
  });

  it('posts as a Page the member administers', async () => {
    const h = harness();
    await h.startPublisher();
    const page = h.emulator.defaultOrganization;
    await h.connect('conn_page', {
      organizations: [{ urn: page.urn, name: page.name, role: 'ADMINISTRATOR' }],
    });
    await h.requestPost({
      requestId: 'page-1',
      connectionId: 'conn_page',
      author: page.urn,
      text: 'From the Page',
    });
    const [outcome] = await h.outcomeOf('page-1');
    const posts = await h.posts();
    expect(posts.map((p) => p.author)).toEqual([page.urn]);
    expect(outcome?.body).toMatchObject({ author: page.urn, postUrn: posts[0]?.urn });
  });

  it('posts once when the same requestId is delivered twice under different Nats-Msg-Ids', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_twice');
    const js = jetstream(h.nc);
    const body = JSON.stringify({
      requestId: 'twice-1',
      connectionId: 'conn_twice',
      text: 'Only once, please',
    });
    await js.publish(SUBJECTS.postRequested, body, { msgID: 'twice-1-a' });
    await js.publish(SUBJECTS.postRequested, body, { msgID: 'twice-1-b' });

    // Each delivery ends in an outcome; both name the one post, and the stream keeps one copy (same eventId).
    const outcomes = await h.outcomeOf('twice-1', 2);
    await h.settledDeliveries();
    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    // A retry that overlaps the first attempt may ask LinkedIn again; LinkedIn then names the existing post.
    const statuses = (await h.postRequests()).map((r) => r.status);
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(1).every((status) => status === 422)).toBe(true);
    for (const outcome of h.outcomes.filter((o) => o.body.requestId === 'twice-1')) {
      expect(outcome.subject).toBe(SUBJECTS.postPublished);
      expect(outcome.body).toMatchObject({ postUrn: posts[0]?.urn });
    }
    expect(outcomes).toHaveLength(2);
    const jsm = await jetstreamManager(h.nc);
    const stream = await jsm.streams.info(STREAMS.posts.name, { subjects_filter: SUBJECTS.postPublished });
    expect(stream.state.subjects).toEqual({ [SUBJECTS.postPublished]: 1 });
  });

  it('a requestId sent again after the duplicate window re-emits its outcome, even if a fresh attempt would fail', async () => {
    const h = harness();
    await h.startPublisher();
    const page = h.emulator.defaultOrganization;
    await h.connect('conn_again', {
      organizations: [{ urn: page.urn, name: page.name, role: 'ADMINISTRATOR' }],
    });
    const body = { requestId: 'again-1', connectionId: 'conn_again', author: page.urn, text: 'Once' };
    const js = jetstream(h.nc);
    await js.publish(SUBJECTS.postRequested, JSON.stringify(body), { msgID: 'again-1-a' });
    await h.outcomeOf('again-1');
    // The member no longer administers the Page: a fresh attempt would end in permission_denied. The first
    // delivery of the new message skips the ledger read, so this checks that the ledger still decides.
    const stored = h.keeper.records.get('conn_again');
    if (!stored) throw new Error('no connection stored');
    h.keeper.store({ ...stored, organizations: [] });
    await js.publish(SUBJECTS.postRequested, JSON.stringify(body), { msgID: 'again-1-b' });

    const outcomes = await h.outcomeOf('again-1', 2);
    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    expect(outcomes.map((o) => o.subject)).toEqual([SUBJECTS.postPublished, SUBJECTS.postPublished]);
    expect(outcomes[1]?.body).toMatchObject({ postUrn: posts[0]?.urn });
    expect(await h.postRequests()).toHaveLength(1);
  });

  it('finds the post it already created when the response was lost (ambiguous outcome)', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_lost');
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', times: 1, dropResponseAfterCommit: true });

    await h.requestPost({ requestId: 'lost-1', connectionId: 'conn_lost', text: 'Did it land? (yes)' });
    const [outcome] = await h.outcomeOf('lost-1');

    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    expect(outcome?.body).toMatchObject({ postUrn: posts[0]?.urn });
    const creates = await h.postRequests();
    expect(creates.map((r) => r.fault ?? r.status)).toEqual(['dropped', 422]);
  });

  it('retries a 5xx and publishes once', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_5xx');
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', status: 500, times: 1 });

    await h.requestPost({ requestId: '5xx-1', connectionId: 'conn_5xx', text: 'Second time lucky' });
    const [outcome] = await h.outcomeOf('5xx-1');

    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    expect(outcome?.body).toMatchObject({ postUrn: posts[0]?.urn });
    expect((await h.postRequests()).map((r) => r.status)).toEqual([500, 201]);
    expect(await h.settledDeliveries()).toBe(2);
  });
});
