import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putMedia } from '@li-bus/client';
import { SUBJECTS } from '@li-bus/contracts';
import { isPublicUnicast } from '@li-bus/net-guard';
import { createMetricsRegistry, registerHttpClientMetrics } from '@li-bus/service-kit';
import { usePublisherHarness } from './harness.ts';
import { png } from './media-bytes.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const REFUSED = "the media URL's host is not a public address";

describe('publisher: media stay inside their tenant and on public addresses', () => {
  it("finding 4: tenant B's request naming tenant A's object fails media_failed like a missing one; nothing posted", async () => {
    const h = harness();
    await h.startPublisher();
    await h.connect('conn_b', { tenantId: 'tenant-b' });
    await h.connect('conn_a', { tenantId: 'tenant-a' });
    const url = await putMedia(h.nc, { tenantId: 'tenant-a', name: 'board/q3.png', data: png(2_000) });
    // An object outside any tenant prefix (written by hand) is nobody's to post.
    await putMedia(h.nc, { tenantId: 'tenant-b', name: 'mine.png', data: png(1_000) });
    const unprefixed = url.replace('/tenant-a/', '/');

    await h.requestPost({ requestId: 'steal-1', connectionId: 'conn_b', media: [{ type: 'image', url }] });
    await h.requestPost({
      requestId: 'steal-2',
      connectionId: 'conn_b',
      text: 'thumb',
      article: { url: 'https://example.com/a', title: 'A', thumbnailUrl: url },
    });
    await h.requestPost({
      requestId: 'steal-3',
      connectionId: 'conn_b',
      media: [{ type: 'image', url: unprefixed }],
    });
    for (const requestId of ['steal-1', 'steal-2', 'steal-3']) {
      const [outcome] = await h.outcomeOf(requestId);
      expect(outcome?.subject, requestId).toBe(SUBJECTS.postFailed);
      expect(outcome?.body).toMatchObject({ code: 'media_failed', attempts: 1 });
      expect(outcome?.body).toHaveProperty('message', expect.stringMatching(/not found among this tenant's/));
    }
    expect(await h.media()).toEqual([]);
    expect(await h.posts()).toEqual([]);

    // The owner's request with the same URL posts.
    await h.requestPost({ requestId: 'own-1', connectionId: 'conn_a', media: [{ type: 'image', url }] });
    const [own] = await h.outcomeOf('own-1');
    expect(own?.subject).toBe(SUBJECTS.postPublished);
    expect(await h.posts()).toHaveLength(1);
  });

  it('finding 11: documentation, CGNAT, mapped and resolved-private hosts are refused with a message naming no address', async () => {
    const h = harness();
    await h.startPublisher({ allowPrivateNetworks: false });
    await h.connect('conn_guard');
    const port = h.mediaServer.host.split(':')[1] ?? '';
    // This machine's own name resolves to a private or loopback address: the DNS answer must not be told.
    const own = hostname();
    const resolved = (await lookup(own, { all: true })).map((entry) => entry.address);
    expect(resolved.length > 0 && resolved.every((address) => !isPublicUnicast(address))).toBe(true);
    const urls = [
      'https://192.0.2.1/a.png',
      'https://198.51.100.1/a.png',
      'https://203.0.113.1/a.png',
      'https://100.64.0.1/a.png',
      'https://198.18.0.1/a.png',
      `https://[::ffff:127.0.0.1]:${port}/a.png`,
      'https://[2001:db8::1]/a.png',
      'https://[64:ff9b::c000:201]/a.png',
      `https://${own}:${port}/a.png`,
    ];
    for (const [index, url] of urls.entries()) {
      await h.requestPost({
        requestId: `guard-${index}`,
        connectionId: 'conn_guard',
        media: [{ type: 'image', url }],
      });
    }
    for (const [index, url] of urls.entries()) {
      const [outcome] = await h.outcomeOf(`guard-${index}`);
      expect(outcome?.body, url).toMatchObject({ code: 'media_failed', attempts: 1 });
      expect(outcome?.body).toHaveProperty('message', `${url}: ${REFUSED}`);
    }
    const last = h.outcomes.find((o) => o.body.requestId === `guard-${urls.length - 1}`);
    for (const address of resolved) expect(JSON.stringify(last?.body)).not.toContain(address);
    expect(h.mediaServer.hits).toEqual([]);
    expect(await h.posts()).toEqual([]);
  });

  it('finding 12: media fetches add no linkedin_requests_total series; their own metric has bounded labels', async () => {
    const h = harness();
    const registry = createMetricsRegistry('publisher');
    registerHttpClientMetrics(registry, 'linkedin_requests_total');
    await h.startPublisher({ registry });
    await h.connect('conn_metrics');
    const urls = ['/campaign-7f3a/hero.png', '/u/4471/avatar.png'].map((path) =>
      h.mediaServer.add(path, { body: png(3_000), contentType: 'image/png' }),
    );
    for (const [index, url] of urls.entries()) {
      await h.requestPost({
        requestId: `metrics-${index}`,
        connectionId: 'conn_metrics',
        media: [{ type: 'image', url }],
      });
      const [outcome] = await h.outcomeOf(`metrics-${index}`);
      expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    }
    const text = await registry.metrics();
    const linkedin = text.split('\n').filter((line) => line.startsWith('linkedin_requests_total{'));
    expect(linkedin.length).toBeGreaterThan(0);
    for (const line of linkedin) {
      expect(line).not.toContain(h.mediaServer.host);
      expect(line).not.toMatch(/hero|avatar|campaign|\/u\//);
    }
    const media = text.split('\n').filter((line) => line.startsWith('media_fetch_requests_total{'));
    expect(media).toEqual([
      'media_fetch_requests_total{source="https",kind="image",outcome="ok",service="publisher"} 2',
    ]);
  });
});
