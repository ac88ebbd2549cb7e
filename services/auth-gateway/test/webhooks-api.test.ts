import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import { WEBHOOK_BUCKET } from '../src/webhooks/webhook-store.ts';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness } from './harness.ts';

const CAP_KEY = 'tenant-cap-key-0123456789';
const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { GATEWAY_API_KEYS: `${API_KEY}:tenant-a,${OTHER_TENANT_KEY}:tenant-b,${CAP_KEY}:tenant-cap` },
);
const as = (key: string) => ({ authorization: `Bearer ${key}` });
type ErrorBody = { error: { code: string; message: string } };
type Listed = { webhooks: { webhookId: string }[] };
const valid = { tenantId: 'tenant-a', url: 'https://hooks.example.com/li', events: ['post.published'] };

async function create(body: Record<string, unknown>, key = API_KEY) {
  return harness().app.inject({ method: 'POST', url: '/v1/webhooks', headers: as(key), payload: body });
}

/** Every value ever written to the webhooks bucket (raw stream messages, history included). */
async function bucketContents(): Promise<string> {
  const jsm = await jetstreamManager(harness().nc);
  const stream = `KV_${WEBHOOK_BUCKET}`;
  const info = await jsm.streams.info(stream);
  const out: string[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (message) out.push(message.string());
  }
  return out.join('\n');
}

describe('webhooks API', () => {
  it('answers 400 naming the field for bad input', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...valid, url: undefined }, /url/],
      [{ ...valid, events: [] }, /events/],
      [{ ...valid, events: ['post.requested'] }, /events/],
      [{ ...valid, events: ['post.failed', 'post.failed'] }, /events/],
      [{ ...valid, tenantId: '' }, /tenantId/],
      [{ ...valid, extra: 1 }, /extra/],
      [{ ...valid, url: 'http://hooks.example.com/li' }, /url: must be https/],
      [{ ...valid, url: 'not a url' }, /url: must be an absolute URL/],
      [{ ...valid, url: 'https://user:pw@hooks.example.com/' }, /url: must not carry credentials/],
      [{ ...valid, url: 'https://127.0.0.1:8443/li' }, /url: the host is not a public address/],
      [{ ...valid, url: 'https://[::1]/li' }, /url: the host is not a public address/],
      [{ ...valid, url: 'https://10.1.2.3/li' }, /url: the host is not a public address/],
      [{ ...valid, url: 'https://localhost/li' }, /url: the host is not a public address/],
    ];
    for (const [body, message] of cases) {
      const response = await create(body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe('invalid_request');
      expect(response.json<ErrorBody>().error.message).toMatch(message);
    }
  });

  it('keeps tenants apart: 401 without a key, 403 for another tenant, 404 for its webhook', async () => {
    const h = harness();
    const mine = await create(valid);
    expect(mine.statusCode).toBe(201);
    const { webhookId } = mine.json<{ webhookId: string }>();

    expect((await h.app.inject({ method: 'POST', url: '/v1/webhooks', payload: valid })).statusCode).toBe(
      401,
    );
    const foreignCreate = await create(valid, OTHER_TENANT_KEY);
    expect(foreignCreate.statusCode).toBe(403);
    expect(foreignCreate.json<ErrorBody>().error.code).toBe('forbidden');
    const foreignList = await h.app.inject({
      method: 'GET',
      url: '/v1/webhooks?tenantId=tenant-a',
      headers: as(OTHER_TENANT_KEY),
    });
    expect(foreignList.statusCode).toBe(403);
    const foreignDelete = await h.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${webhookId}`,
      headers: as(OTHER_TENANT_KEY),
    });
    expect(foreignDelete.statusCode).toBe(404);
    expect(foreignDelete.json<ErrorBody>().error.code).toBe('not_found');
    const ownList = await h.app.inject({
      method: 'GET',
      url: '/v1/webhooks?tenantId=tenant-b',
      headers: as(OTHER_TENANT_KEY),
    });
    expect(ownList.json<Listed>().webhooks).toEqual([]);

    const list = await h.app.inject({
      method: 'GET',
      url: '/v1/webhooks?tenantId=tenant-a',
      headers: as(API_KEY),
    });
    expect(list.json<Listed>().webhooks.map((w) => w.webhookId)).toContain(webhookId);
    const deleted = await h.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${webhookId}`,
      headers: as(API_KEY),
    });
    expect(deleted.statusCode).toBe(204);
    const after = await h.app.inject({
      method: 'GET',
      url: '/v1/webhooks?tenantId=tenant-a',
      headers: as(API_KEY),
    });
    expect(after.json<Listed>().webhooks.map((w) => w.webhookId)).not.toContain(webhookId);
  });

  it('shows the secret once; never in GET or in the bucket in plaintext (sealed to the webhook id)', async () => {
    const h = harness();
    const response = await create({ ...valid, events: ['post.published', 'token.revoked'] });
    expect(response.statusCode).toBe(201);
    const created = response.json<{ webhookId: string; secret: string; status: string }>();
    expect(created.webhookId).toMatch(/^wh_/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.status).toBe('active');

    const list = await h.app.inject({
      method: 'GET',
      url: '/v1/webhooks?tenantId=tenant-a',
      headers: as(API_KEY),
    });
    expect(list.statusCode).toBe(200);
    const listed = list
      .json<{ webhooks: Record<string, unknown>[] }>()
      .webhooks.find((w) => w['webhookId'] === created.webhookId);
    expect(listed).toMatchObject({
      url: valid.url,
      events: ['post.published', 'token.revoked'],
      status: 'active',
    });
    expect(list.body).not.toContain(created.secret);
    expect(list.body).not.toContain(created.secret.slice(6));
    expect(list.body).not.toContain('sealedSecret');

    const raw = await bucketContents();
    expect(raw).toContain(created.webhookId);
    expect(raw).not.toContain(created.secret.slice(6));
    const stored = await h.deps.webhooks.get(created.webhookId);
    expect(stored?.sealedSecret).toMatch(/^v1\./);
    expect(h.keyring.open(stored?.sealedSecret ?? '', created.webhookId)).toBe(created.secret);
    expect(() => h.keyring.open(stored?.sealedSecret ?? '', 'wh_other')).toThrow();
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await harness().app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    }>();
    expect(Object.keys(doc.paths['/v1/webhooks'] ?? {})).toEqual(['post', 'get']);
    expect(Object.keys(doc.paths['/v1/webhooks/{webhookId}'] ?? {})).toEqual(['delete']);
    expect(JSON.stringify(doc.paths['/v1/webhooks']?.['post']?.requestBody)).toContain('token.revoked');
  });

  it('caps the webhooks of a tenant (409 webhook_limit_reached)', async () => {
    const body = { ...valid, tenantId: 'tenant-cap' };
    for (let i = 0; i < 25; i++) expect((await create(body, CAP_KEY)).statusCode).toBe(201);
    const refused = await create(body, CAP_KEY);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ErrorBody>().error.code).toBe('webhook_limit_reached');
  });
});
