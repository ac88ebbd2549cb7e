import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { SUBJECTS } from '@li-bus/contracts';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { usePublisherHarness, type PublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

/** The post as LinkedIn's REST API serves it (the reader has `r_member_social`). */
async function restPost(h: PublisherHarness, sealed: string, connectionId: string, urn: string) {
  const response = await request(`${h.emulator.url}/rest/posts/${encodeURIComponent(urn)}`, {
    headers: {
      authorization: `Bearer ${h.keyring.open(sealed, connectionId)}`,
      'linkedin-version': currentApiVersion(Date.now()),
      'x-restli-protocol-version': '2.0.0',
    },
  });
  expect(response.statusCode).toBe(200);
  return (await response.body.json()) as Record<string, unknown>;
}

describe('publisher: polls and reshares (issue 19 items 4 and 5)', () => {
  it('posts a poll as content.poll, options as {text} and the duration in settings', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_poll');
    await h.requestPost({
      requestId: 'poll-1',
      connectionId: 'conn_poll',
      text: 'Quick question (vote below)',
      poll: {
        question: 'Which day suits the meetup?',
        options: ['Tuesday', 'Thursday'],
        duration: 'SEVEN_DAYS',
      },
    });
    const [outcome] = await h.outcomeOf('poll-1');
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    const posts = await h.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.submittedCommentary).toBe('Quick question \\(vote below\\)');
    expect(posts[0]?.content).toEqual({
      poll: {
        question: 'Which day suits the meetup?',
        options: [{ text: 'Tuesday' }, { text: 'Thursday' }],
        settings: { duration: 'SEVEN_DAYS' },
      },
    });
    expect(outcome?.body).toMatchObject({ postUrn: posts[0]?.urn });
  });

  it('reshares a post with reshareContext.parent, with and without commentary', async () => {
    const h = harness();
    await h.startPublisher();
    const tokens = await h.connect('conn_reshare');
    await h.requestPost({ requestId: 'original', connectionId: 'conn_reshare', text: 'The original' });
    const [original] = await h.outcomeOf('original');
    const parent = original?.subject === SUBJECTS.postPublished ? original.body.postUrn : '';
    expect(parent).toMatch(/^urn:li:share:\d+$/);

    await h.requestPost({
      requestId: 'reshare-1',
      connectionId: 'conn_reshare',
      reshareOf: parent,
      text: 'Worth a read',
    });
    await h.requestPost({ requestId: 'reshare-2', connectionId: 'conn_reshare', reshareOf: parent });
    const [withText] = await h.outcomeOf('reshare-1');
    const [bare] = await h.outcomeOf('reshare-2');
    expect(withText?.subject).toBe(SUBJECTS.postPublished);
    expect(bare?.subject).toBe(SUBJECTS.postPublished);

    const urnOf = (o: typeof bare) => (o?.subject === SUBJECTS.postPublished ? o.body.postUrn : '');
    const read = (urn: string) => restPost(h, tokens.accessToken, 'conn_reshare', urn);
    const first = await read(urnOf(withText));
    expect(first['reshareContext']).toEqual({ parent });
    expect(first['commentary']).toBe('Worth a read');
    expect(first['content']).toBeUndefined();
    const second = await read(urnOf(bare));
    expect(second['reshareContext']).toEqual({ parent });
    expect(second['commentary']).toBe('');
  });

  it('a reshare of a post LinkedIn does not know fails as linkedin_error, nothing posted', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_reshare_bad');
    await h.requestPost({
      requestId: 'reshare-bad',
      connectionId: 'conn_reshare_bad',
      reshareOf: 'urn:li:share:1',
    });
    const [outcome] = await h.outcomeOf('reshare-bad');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({ code: 'linkedin_error', linkedin: { status: 422 } });
    expect(await h.posts()).toHaveLength(0);
  });
});
