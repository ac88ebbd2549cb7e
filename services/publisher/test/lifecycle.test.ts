import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { DEAD_LETTER_SUBJECT } from '../src/dead-letter.ts';
import { usePublisherHarness } from './harness.ts';
import { png } from './media-bytes.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

async function deadLetters(h: ReturnType<typeof harness>) {
  const jsm = await jetstreamManager(h.nc);
  const info = await jsm.streams.info(STREAMS.posts.name, { subjects_filter: DEAD_LETTER_SUBJECT });
  if (!info.state.subjects?.[DEAD_LETTER_SUBJECT]) return [];
  const last = await jsm.streams.getMessage(STREAMS.posts.name, { last_by_subj: DEAD_LETTER_SUBJECT });
  if (!last) return [];
  return [
    {
      body: last.json<{ request: { requestId: string }; failure: Record<string, unknown> }>(),
      code: last.header.get('Li-Failure-Code'),
    },
  ];
}

describe('publisher: retries, scheduling, media safety and dead letters', () => {
  it('after the last attempt: post.failed with the last error, and the request kept under post.dead', async () => {
    const h = harness();
    await h.startPublisher({ maxAttempts: 3 });
    await h.connect('conn_dead');
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', status: 503, times: 10 });
    await h.requestPost({ requestId: 'dead-1', connectionId: 'conn_dead', text: 'Never lands' });
    const [outcome] = await h.outcomeOf('dead-1');
    expect(outcome?.subject).toBe(SUBJECTS.postFailed);
    expect(outcome?.body).toMatchObject({ code: 'linkedin_error', attempts: 3, linkedin: { status: 503 } });
    expect((await h.postRequests()).map((r) => r.status)).toEqual([503, 503, 503]);
    const [dead] = await deadLetters(h);
    expect(dead?.code).toBe('linkedin_error');
    expect(dead?.body.request).toMatchObject({ requestId: 'dead-1', text: 'Never lands' });
    expect(dead?.body.failure).toMatchObject({ code: 'linkedin_error', attempts: 3 });
    // A redelivered copy of a failed request repeats its outcome instead of trying again.
    await h.requestPost({ requestId: 'dead-1', connectionId: 'conn_dead', text: 'Never lands' });
    expect(await h.settledDeliveries()).toBe(3);
  });

  it('notBefore waits without spending attempts, then publishes', async () => {
    const h = harness();
    await h.startPublisher({ maxAttempts: 2 });
    await h.connect('conn_later');
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', status: 500, times: 1 });
    const notBefore = new Date(Date.now() + 1200).toISOString();
    await h.requestPost({ requestId: 'later-1', connectionId: 'conn_later', text: 'Later', notBefore });
    const [outcome] = await h.outcomeOf('later-1');
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    const creates = await h.postRequests();
    expect(creates.map((r) => r.status)).toEqual([500, 201]);
    expect(Date.parse((outcome?.body as { publishedAt: string }).publishedAt)).toBeGreaterThanOrEqual(
      Date.parse(notBefore),
    );
    // The scheduled wait was one more delivery, not one more attempt: two attempts were enough.
    expect(await h.settledDeliveries()).toBe(3);
    // Beyond what the stream keeps, a schedule cannot be honoured: refused up front.
    const tooLate = new Date(Date.now() + 20 * 24 * 3600_000).toISOString();
    await h.requestPost({
      requestId: 'later-2',
      connectionId: 'conn_later',
      text: 'Too late',
      notBefore: tooLate,
    });
    const [refused] = await h.outcomeOf('later-2');
    expect(refused?.body).toMatchObject({ code: 'invalid_request', attempts: 1 });
  });

  it('refuses loopback and link-local media addresses unless allowed (SSRF): media_failed, nothing fetched', async () => {
    const h = harness();
    await h.startPublisher({ allowPrivateNetworks: false, maxMediaBytes: 10_000 });
    await h.connect('conn_ssrf');
    const url = h.mediaServer.add('/private.png', { body: png(100), contentType: 'image/png' });
    await h.requestPost({ requestId: 'ssrf-1', connectionId: 'conn_ssrf', media: [{ type: 'image', url }] });
    const metadata = 'https://169.254.169.254/latest/meta-data';
    await h.requestPost({
      requestId: 'ssrf-2',
      connectionId: 'conn_ssrf',
      media: [{ type: 'image', url: metadata }],
    });
    const [loopback] = await h.outcomeOf('ssrf-1');
    const [linkLocal] = await h.outcomeOf('ssrf-2');
    expect(loopback?.body).toMatchObject({ code: 'media_failed', attempts: 1 });
    expect(loopback?.body).toHaveProperty('message', `${url}: the media URL's host is not a public address`);
    expect(linkLocal?.body).toMatchObject({ code: 'media_failed', attempts: 1 });
    expect(h.mediaServer.hits).toEqual([]);
    expect((await h.requests()).filter((r) => r.path.startsWith('/rest/'))).toEqual([]);
  });

  it('checks content type and size of fetched media', async () => {
    const h = harness();
    await h.startPublisher({ maxMediaBytes: 10_000 });
    await h.connect('conn_types');
    const html = h.mediaServer.add('/page.png', { body: Buffer.from('<html>'), contentType: 'text/html' });
    const big = h.mediaServer.add('/big.png', { body: png(20_000), contentType: 'image/png', chunked: true });
    const missing = `https://${h.mediaServer.host}/missing.png`;
    await h.requestPost({
      requestId: 'type-1',
      connectionId: 'conn_types',
      media: [{ type: 'image', url: html }],
    });
    await h.requestPost({
      requestId: 'size-1',
      connectionId: 'conn_types',
      media: [{ type: 'image', url: big }],
    });
    await h.requestPost({
      requestId: 'gone-1',
      connectionId: 'conn_types',
      media: [{ type: 'image', url: missing }],
    });
    for (const [id, pattern] of [
      ['type-1', /text\/html/],
      ['size-1', /larger than 10000/],
      ['gone-1', /404/],
    ] as const) {
      const [outcome] = await h.outcomeOf(id);
      expect(outcome?.body).toMatchObject({ code: 'media_failed', attempts: 1 });
      expect(outcome?.body).toHaveProperty('message', expect.stringMatching(pattern));
    }
    expect(await h.posts()).toEqual([]);
  });
});
