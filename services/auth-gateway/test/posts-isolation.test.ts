import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { API_KEY, OTHER_TENANT_KEY, RETURN_TO, useGatewayHarness } from './harness.ts';
import { authorizedTokens, registeredClient } from './oauth-flow.ts';

// API_KEY connects members in both tenants (the harness's connect helper uses it); the posts go through
// TENANT_A_KEY (tenant-a only) and OTHER_TENANT_KEY (tenant-b only). OAuth tokens are issued for tenant-b.
const TENANT_A_KEY = 'tenant-a-only-key-0123456789';
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  {
    GATEWAY_API_KEYS: `${API_KEY}:tenant-a|tenant-b,${TENANT_A_KEY}:tenant-a,${OTHER_TENANT_KEY}:tenant-b`,
    OAUTH_TENANT: 'tenant-b',
    OAUTH_REGISTRATION: 'open',
  },
);
const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

function watchRequested(): string[] {
  const seen: string[] = [];
  const sub = harness().nc.subscribe(SUBJECTS.postRequested, {
    callback: (_e, msg) => void seen.push(msg.json<{ requestId: string }>().requestId),
  });
  onTestFinished(() => sub.unsubscribe());
  return seen;
}

const connectTenant = (tenantId: string) =>
  harness().connected({ tenantId, returnTo: RETURN_TO, kind: 'member' });

describe('posts over HTTP and MCP stay inside their tenant', () => {
  it('finding 4: tenant B cannot attach an object-store file (tenant A’s or any) over HTTP; nothing is published', async () => {
    const h = harness();
    const seen = watchRequested();
    await h.nc.flush();
    const connectionB = await connectTenant('tenant-b');
    const foreign = 'nats-object://media/tenant-a/board-minutes.pdf';
    for (const [field, body] of [
      ['media[0].url', { media: [{ type: 'document', url: foreign }] }],
      [
        'media[1].url',
        {
          media: [
            { type: 'image', url: 'https://cdn.example/a.png' },
            { type: 'image', url: foreign },
          ],
        },
      ],
      [
        'article.thumbnailUrl',
        { article: { url: 'https://example.com', title: 'x', thumbnailUrl: foreign } },
      ],
    ] as const) {
      const response = await h.app.inject({
        method: 'POST',
        url: '/v1/posts',
        headers: as(OTHER_TENANT_KEY),
        payload: JSON.stringify({
          requestId: `steal-${field.replace(/[^a-z0-9]/gi, '-')}`,
          connectionId: connectionB,
          text: 'x',
          ...body,
        }),
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
      expect(response.json<{ error: { message: string } }>().error.message).toContain(field);
    }
    await h.nc.flush();
    expect(seen).toEqual([]);
  });

  it('finding 4: an MCP publish_post attaching an object-store file is refused; nothing is published', async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    const seen = watchRequested();
    await h.nc.flush();
    const response = await h.app.inject({
      method: 'POST',
      url: '/mcp',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      },
      payload: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'publish_post',
          arguments: {
            text: 'look',
            images: [{ url: 'nats-object://media/tenant-a/secret.png' }],
            waitSeconds: 0,
          },
        },
      }),
    });
    expect(response.statusCode).toBe(200);
    const result = response.json<{ result: { isError?: boolean; content: { text: string }[] } }>().result;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/^invalid_request: media\[0\]\.url: nats-object:/);
    await h.nc.flush();
    expect(seen).toEqual([]);
  });

  it('finding 5: tenant B re-using tenant A’s requestId gets its own request, never A’s record or URN', async () => {
    const h = harness();
    const seen = watchRequested();
    await h.nc.flush();
    const [connectionA, connectionB] = [await connectTenant('tenant-a'), await connectTenant('tenant-b')];
    const requestId = 'billing-digest-2026-12-07';
    const send = (key: string, connectionId: string) =>
      h.app.inject({
        method: 'POST',
        url: '/v1/posts',
        headers: as(key),
        payload: JSON.stringify({ requestId, connectionId, text: `from ${connectionId}` }),
      });
    const a = await send(TENANT_A_KEY, connectionA);
    expect(a.statusCode).toBe(202);
    // A's request is published: its record now carries A's URN.
    await h.nc.flush();
    expect(seen).toHaveLength(1);
    await h.deps.posts.update(seen[0] ?? '', {
      status: 'published',
      postUrn: 'urn:li:share:7000000000000000042',
      postUrl: 'https://www.linkedin.com/feed/update/urn:li:share:7000000000000000042/',
    });

    const b = await send(OTHER_TENANT_KEY, connectionB);
    expect(b.statusCode).toBe(202);
    expect(Object.keys(b.json<object>()).sort()).toEqual([
      'busRequestId',
      'connectionId',
      'queuedAt',
      'requestId',
      'status',
    ]);
    expect(b.json()).toMatchObject({ requestId, connectionId: connectionB, status: 'queued' });
    await h.nc.flush();
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(seen[0]);
    // B's answer names B's own bus id, never A's.
    expect(a.json()).toMatchObject({ busRequestId: seen[0] });
    expect(b.json()).toMatchObject({ busRequestId: seen[1] });

    const read = (key: string, query = '') =>
      h.app.inject({ method: 'GET', url: `/v1/posts/${requestId}${query}`, headers: as(key) });
    const seenByB = await read(OTHER_TENANT_KEY);
    expect(seenByB.json()).toMatchObject({ requestId, connectionId: connectionB, status: 'queued' });
    expect(seenByB.body).not.toContain('7000000000000000042');
    expect((await read(TENANT_A_KEY)).json()).toMatchObject({
      connectionId: connectionA,
      postUrn: 'urn:li:share:7000000000000000042',
    });
    // B naming A's connection learns nothing either.
    expect((await read(OTHER_TENANT_KEY, `?connectionId=${connectionA}`)).statusCode).toBe(404);

    // A key of both tenants must say which connection it means.
    const both = await read(API_KEY);
    expect(both.statusCode).toBe(409);
    expect(both.json()).toMatchObject({ error: { code: 'ambiguous_request_id' } });
    expect((await read(API_KEY, `?connectionId=${connectionB}`)).json()).toMatchObject({
      connectionId: connectionB,
      status: 'queued',
    });
  });
});
