import { Objm } from '@nats-io/obj';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness } from './harness.ts';
import { otherConnection } from './mcp-calls.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
// 100 KiB: more than the API's usual 64 KiB body limit, far below the upload's.
const FILE = Buffer.alloc(100 * 1024, 7);

const upload = (key: string, body: Record<string, unknown>) =>
  harness().app.inject({
    method: 'POST',
    url: '/v1/media',
    headers: as(key),
    payload: JSON.stringify({ fileName: 'deck.pdf', contentType: 'application/pdf', ...body }),
  });

describe('POST /v1/media: the upload operation upload_media uses, for API-key callers', () => {
  it("stores the file in the tenant's namespace; only that tenant's posts may use its URL", async () => {
    const h = harness();
    const base64 = FILE.toString('base64');
    const stored = await upload(API_KEY, { tenantId: 'tenant-a', base64 });
    expect(stored.statusCode).toBe(201);
    const { url, type, bytes } = stored.json<{ url: string; type: string; bytes: number }>();
    expect({ type, bytes }).toEqual({ type: 'document', bytes: FILE.length });
    expect(url).toMatch(/^nats-object:\/\/media\/tenant-a\/upload-[0-9a-f-]+-deck\.pdf$/);
    const blob = await (await new Objm(h.nc).open('media')).getBlob(url.slice('nats-object://media/'.length));
    expect(Buffer.from(blob ?? [])).toEqual(FILE);

    const mine = await otherConnection(h, 'tenant-a');
    const theirs = await otherConnection(h, 'tenant-b');
    const post = (key: string, connectionId: string) =>
      h.app.inject({
        method: 'POST',
        url: '/v1/posts',
        headers: as(key),
        payload: JSON.stringify({
          requestId: `deck-${connectionId}`,
          connectionId,
          text: 'The deck',
          media: [{ type, url, title: 'Deck' }],
        }),
      });
    expect((await post(API_KEY, mine)).statusCode).toBe(202);
    const refused = await post(OTHER_TENANT_KEY, theirs);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('refuses another tenant (403), a missing tenantId, a bad content type or base64 (400)', async () => {
    const base64 = FILE.subarray(0, 10).toString('base64');
    expect((await upload(OTHER_TENANT_KEY, { tenantId: 'tenant-a', base64 })).statusCode).toBe(403);
    for (const body of [
      { base64 },
      { tenantId: 'tenant-a', base64, contentType: 'text/html' },
      { tenantId: 'tenant-a', base64: 'not base64!' },
      { tenantId: 'tenant-a', base64, extra: 1 },
    ]) {
      const response = await upload(API_KEY, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect((await upload('nobody-0123456789abcdef', { tenantId: 'tenant-a', base64 })).statusCode).toBe(401);
  });
});
