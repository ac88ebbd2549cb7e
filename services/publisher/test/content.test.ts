import { Objm } from '@nats-io/obj';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { usePublisherHarness } from './harness.ts';
import { jpeg, mp4, pdf, png, sha256 } from './media-bytes.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

interface StoredContent {
  media?: { id: string; altText?: string; title?: string };
  multiImage?: { images: { id: string; altText?: string }[] };
  article?: { source: string; title?: string; description?: string; thumbnail?: string };
}

async function publishedPost(h: ReturnType<typeof harness>, requestId: string) {
  const [outcome] = await h.outcomeOf(requestId);
  expect(outcome?.subject, JSON.stringify(outcome?.body)).toBe(SUBJECTS.postPublished);
  const posts = (await h.posts()) as unknown as { urn: string; content: StoredContent | null }[];
  const post = posts.find(
    (p) => outcome?.subject === SUBJECTS.postPublished && p.urn === outcome.body.postUrn,
  );
  expect(posts).toHaveLength(1);
  return { post: post!, content: post!.content ?? {} };
}

describe('publisher: every content type, as the emulator stored it', () => {
  it('one image (https) becomes content.media with alt text, bytes intact', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_img');
    const bytes = png(50_000);
    const url = h.mediaServer.add('/one.png', { body: bytes, contentType: 'image/png' });
    await h.requestPost({
      requestId: 'img-1',
      connectionId: 'conn_img',
      text: 'One image',
      media: [{ type: 'image', url, altText: 'A chart (Q3)' }],
    });
    const { content } = await publishedPost(h, 'img-1');
    const media = await h.media();
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({ kind: 'image', sha256: sha256(bytes), uploadedBytes: bytes.length });
    expect(content).toEqual({ media: { id: media[0]?.urn, altText: 'A chart (Q3)' } });
  });

  it('three images (https and nats-object) become content.multiImage in request order', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_multi');
    const files = [png(30_000), jpeg(10), png(70_000)];
    const store = await new Objm(h.nc).create('media_test');
    await store.putBlob({ name: 'tenant-a/second.jpg' }, files[1]!);
    const items = [
      {
        type: 'image' as const,
        url: h.mediaServer.add('/a.png', { body: files[0]!, contentType: 'image/png' }),
        altText: 'first',
      },
      { type: 'image' as const, url: 'nats-object://media_test/tenant-a/second.jpg', altText: 'second' },
      {
        type: 'image' as const,
        url: h.mediaServer.add('/c.png', { body: files[2]!, contentType: 'image/png', chunked: true }),
        altText: 'third',
      },
    ];
    await h.requestPost({ requestId: 'multi-1', connectionId: 'conn_multi', text: 'Three', media: items });
    const { content } = await publishedPost(h, 'multi-1');
    const byUrn = new Map((await h.media()).map((m) => [m.urn, m]));
    const images = content.multiImage?.images ?? [];
    expect(images.map((i) => i.altText)).toEqual(['first', 'second', 'third']);
    expect(images.map((i) => byUrn.get(i.id)?.sha256)).toEqual(files.map(sha256));
    await store.destroy();
  });

  it('a video from the object store: parts cut at firstByte..lastByte, PUT without Authorization, ETags in order', async () => {
    const h = harness();
    await h.emulatorAdmin.updateApp({ mediaProcessingSeconds: 1 });
    await h.startPublisher();
    await h.connect('conn_video');
    const bytes = mp4(9 * 1024 * 1024 + 12_345);
    const store = await new Objm(h.nc).create('videos_test');
    await store.putBlob({ name: 'tenant-a/clips/launch.mp4' }, bytes);
    await h.requestPost({
      requestId: 'video-1',
      connectionId: 'conn_video',
      text: 'Watch',
      media: [{ type: 'video', url: 'nats-object://videos_test/tenant-a/clips/launch.mp4', title: 'Launch' }],
    });
    const { content } = await publishedPost(h, 'video-1');
    const [video] = await h.media();
    expect(video).toMatchObject({
      kind: 'video',
      status: 'AVAILABLE',
      fileSizeBytes: bytes.length,
      sha256: sha256(bytes),
    });
    expect(video?.parts).toHaveLength(3);
    for (const part of video?.parts ?? []) {
      expect(part.sha256).toBe(sha256(bytes.subarray(part.firstByte, part.lastByte + 1)));
    }
    expect(video?.uploadedPartIds).toEqual(video?.parts?.map((p) => p.etag));
    expect(content).toEqual({ media: { id: video?.urn, title: 'Launch' } });
    const requests = await h.requests();
    const partPuts = requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/dms-uploads/'));
    expect(partPuts.map((r) => [r.status, r.headers['authorization']])).toEqual(
      Array(3).fill([200, undefined]),
    );
    const polls = requests.filter((r) => r.method === 'GET' && r.path.startsWith('/rest/videos/'));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.at(-1)?.status).toBe(200);
    await store.destroy();
  });

  it('a PDF document (https) with its title', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_doc');
    const bytes = pdf(100_000);
    const url = h.mediaServer.add('/report.pdf', { body: bytes, contentType: 'application/pdf' });
    await h.requestPost({
      requestId: 'doc-1',
      connectionId: 'conn_doc',
      text: 'Our report',
      visibility: 'CONNECTIONS',
      media: [{ type: 'document', url, title: 'Annual report' }],
    });
    const { post, content } = await publishedPost(h, 'doc-1');
    const [doc] = await h.media();
    expect(doc).toMatchObject({ kind: 'document', sha256: sha256(bytes) });
    expect(content).toEqual({ media: { id: doc?.urn, title: 'Annual report' } });
    expect((post as unknown as { visibility: string }).visibility).toBe('CONNECTIONS');
  });

  it('an article with its thumbnail uploaded first', async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_article');
    const thumb = jpeg(20_000);
    const thumbnailUrl = h.mediaServer.add('/thumb.jpg', { body: thumb, contentType: 'image/jpeg' });
    const article = {
      url: 'https://example.com/post',
      title: 'Why buses',
      description: 'A story',
      thumbnailUrl,
    };
    await h.requestPost({ requestId: 'article-1', connectionId: 'conn_article', text: 'Read this', article });
    const { content } = await publishedPost(h, 'article-1');
    const [image] = await h.media();
    expect(image).toMatchObject({ kind: 'image', sha256: sha256(thumb) });
    expect(content).toEqual({
      article: {
        source: 'https://example.com/post',
        title: 'Why buses',
        description: 'A story',
        thumbnail: image?.urn,
      },
    });
  });
});
