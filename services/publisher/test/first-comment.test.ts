import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { MEMBER_SCOPES } from '../bench/emulator-token.ts';
import { usePublisherHarness, type Outcome, type PublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const COMMENTING = [...MEMBER_SCOPES, 'w_member_social_feed'];
/** Commenting but not reading back (`r_member_social` is closed to new apps at LinkedIn). */
const WRITE_ONLY = COMMENTING.filter((scope) => scope !== 'r_member_social');
const COMMENTS = '/rest/socialActions/';
const TEXT = 'Slides: https://example.com/slides (#talk, @home) *thanks*';

const published = (outcome: Outcome | undefined) => {
  expect(outcome?.subject).toBe(SUBJECTS.postPublished);
  return outcome?.subject === SUBJECTS.postPublished ? outcome.body : undefined;
};

async function postWithComment(h: PublisherHarness, requestId: string, connectionId: string) {
  await h.requestPost({ requestId, connectionId, text: `Post ${requestId}`, firstComment: { text: TEXT } });
  return published((await h.outcomeOf(requestId))[0]);
}

describe('publisher: first comment (issue 19 item 1)', () => {
  it('comments as the author under the new post, in plain text, and reports its URN', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_fc', { scopes: COMMENTING });
    const event = await postWithComment(h, 'fc-1', 'conn_fc');

    const [post] = await h.posts();
    const comments = await h.comments();
    expect(comments).toHaveLength(1);
    // Byte for byte what LinkedIn stored: plain text, not the escaped "little" format of the commentary.
    expect(comments[0]).toMatchObject({ object: post?.urn, actor: h.emulator.defaultMember.urn, text: TEXT });
    expect(event?.firstComment).toEqual({ status: 'published', commentUrn: comments[0]?.urn });
    expect(event?.postUrn).toBe(post?.urn);
  });

  it('refuses firstComment up front on a connection without the _feed scope: nothing posted', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_nofeed');
    await h.requestPost({
      requestId: 'fc-no',
      connectionId: 'conn_nofeed',
      text: 'x',
      firstComment: { text: 'y' },
    });
    const [outcome] = await h.outcomeOf('fc-no');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({ code: 'permission_denied' });
    expect(outcome?.body).toHaveProperty(
      'message',
      expect.stringContaining('w_member_social_feed') as unknown,
    );
    expect(await h.postRequests()).toHaveLength(0);
    expect(await h.comments()).toHaveLength(0);
  });

  it('a refused comment never fails or repeats the post', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_fc403', { scopes: COMMENTING });
    await h.addFault({ method: 'POST', pathPrefix: COMMENTS, status: 403, times: 1 });
    const event = await postWithComment(h, 'fc-403', 'conn_fc403');
    expect(event?.firstComment).toMatchObject({ status: 'failed', code: 'permission_denied' });
    expect(await h.posts()).toHaveLength(1);
    expect(await h.postRequests()).toHaveLength(1);
    expect(await h.comments()).toHaveLength(0);
    await h.settledDeliveries();
    expect(h.outcomes.filter((o) => o.body.requestId === 'fc-403')).toHaveLength(1);
  });

  it('an answer lost after LinkedIn created the comment: found by reading, never sent twice', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_fcdrop', { scopes: COMMENTING });
    await h.addFault({ method: 'POST', pathPrefix: COMMENTS, times: 1, dropResponseAfterCommit: true });
    const event = await postWithComment(h, 'fc-drop', 'conn_fcdrop');
    const comments = await h.comments();
    expect(comments).toHaveLength(1);
    expect(event?.firstComment).toEqual({ status: 'published', commentUrn: comments[0]?.urn });
    const creates = (await h.requests()).filter((r) => r.method === 'POST' && r.path.startsWith(COMMENTS));
    expect(creates).toHaveLength(1);
  });

  it('a 503 that created nothing: the read finds none and the comment is sent again, once', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_fc503', { scopes: COMMENTING });
    await h.addFault({ method: 'POST', pathPrefix: COMMENTS, status: 503, times: 1 });
    const event = await postWithComment(h, 'fc-503', 'conn_fc503');
    const comments = await h.comments();
    expect(comments).toHaveLength(1);
    expect(event?.firstComment).toEqual({ status: 'published', commentUrn: comments[0]?.urn });
    expect(await h.posts()).toHaveLength(1);
  });

  it('a lost answer without a read scope: reported as outcome_unknown, not re-sent (no duplicate)', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_fcwo', { scopes: WRITE_ONLY });
    await h.addFault({ method: 'POST', pathPrefix: COMMENTS, times: 1, dropResponseAfterCommit: true });
    const event = await postWithComment(h, 'fc-wo', 'conn_fcwo');
    expect(event?.firstComment).toMatchObject({ status: 'failed', code: 'outcome_unknown' });
    expect(await h.comments()).toHaveLength(1);
    expect(await h.posts()).toHaveLength(1);
  });

  it('a Page author needs w_organization_social_feed', async () => {
    const h = harness();
    await h.startPublisher();
    const page = h.emulator.defaultOrganization;
    const organizations = [{ urn: page.urn, name: page.name, role: 'ADMINISTRATOR' }];
    await h.connect('conn_pagefc', { organizations, scopes: COMMENTING });
    const body = { connectionId: 'conn_pagefc', author: page.urn, text: 'Page', firstComment: { text: 'c' } };
    await h.requestPost({ requestId: 'fc-page-no', ...body });
    expect((await h.outcomeOf('fc-page-no'))[0]?.body).toMatchObject({ code: 'permission_denied' });

    await h.connect('conn_pagefc', { organizations, scopes: [...COMMENTING, 'w_organization_social_feed'] });
    await h.requestPost({ requestId: 'fc-page', ...body });
    const event = published((await h.outcomeOf('fc-page'))[0]);
    const comments = await h.comments();
    expect(comments).toMatchObject([{ actor: page.urn, text: 'c' }]);
    expect(event?.firstComment).toEqual({ status: 'published', commentUrn: comments[0]?.urn });
  });
});
