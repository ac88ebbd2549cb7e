import { jetstream } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/transport-node';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { postRequested } from '@li-bus/contracts';
import type { RunningConsumer } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';
import { busRequestId } from '../src/posts/bus-request-id.ts';
import { startPostStatusConsumers } from '../src/posts/post-status-consumers.ts';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
let consumers: RunningConsumer[] = [];
afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  consumers = [];
});

function post(payload: unknown, key = API_KEY) {
  return harness().app.inject({
    method: 'POST',
    url: '/v1/posts',
    headers: as(key),
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

function watchPosts(): Msg[] {
  const seen: Msg[] = [];
  const sub = harness().nc.subscribe('post.requested', { callback: (_e, m) => void seen.push(m) });
  onTestFinished(() => sub.unsubscribe());
  return seen;
}

describe('POST /v1/posts and GET /v1/posts/:requestId', () => {
  it('publishes post.requested under the bus requestId of (tenant, connection, requestId), 202 queued, then follows the outcome', async () => {
    const h = harness();
    const seen: Msg[] = [];
    const sub = h.nc.subscribe('post.requested', { callback: (_e, m) => void seen.push(m) });
    await h.nc.flush();
    consumers = await startPostStatusConsumers({
      nc: h.nc,
      store: h.deps.posts,
      logger: pino({ level: 'silent' }),
      durablePrefix: `posts-${Math.random().toString(36).slice(2, 8)}`,
    });
    const connectionId = await h.connected();
    const requestId = `digest:${Math.random().toString(36).slice(2)}`;
    const response = await post({ requestId, connectionId, text: 'Hello #world' });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ requestId, connectionId, status: 'queued' });
    expect(response.body).not.toContain('tenant');

    await waitFor(() => seen.length === 1);
    const busId = busRequestId('tenant-a', connectionId, requestId);
    expect(busId).toMatch(/^h\.[A-Za-z0-9_-]{43}$/);
    expect(seen[0]?.headers?.get('Nats-Msg-Id')).toBe(busId);
    expect(postRequested.parse(seen[0]?.json())).toMatchObject({
      requestId: busId,
      connectionId,
      text: 'Hello #world',
    });
    sub.unsubscribe();

    const queued = await h.app.inject({ method: 'GET', url: `/v1/posts/${requestId}`, headers: as(API_KEY) });
    expect(queued.json()).toMatchObject({ requestId, status: 'queued' });
    const hidden = await h.app.inject({
      method: 'GET',
      url: `/v1/posts/${requestId}`,
      headers: as(OTHER_TENANT_KEY),
    });
    expect(hidden.statusCode).toBe(404);

    await h.deps.events.publish('post.published', {
      eventId: `published-${requestId}`,
      requestId: busId,
      connectionId,
      author: `urn:li:person:${h.emulator.defaultMember.sub}`,
      postUrn: 'urn:li:share:7000000000000000001',
      postUrl: 'https://www.linkedin.com/feed/update/urn:li:share:7000000000000000001/',
      publishedAt: new Date().toISOString(),
    });
    await waitFor(async () => {
      const r = await h.app.inject({ method: 'GET', url: `/v1/posts/${requestId}`, headers: as(API_KEY) });
      return r.json<{ status: string }>().status === 'published';
    });
    const published = await h.app.inject({
      method: 'GET',
      url: `/v1/posts/${requestId}`,
      headers: as(API_KEY),
    });
    expect(published.json()).toMatchObject({
      status: 'published',
      postUrn: 'urn:li:share:7000000000000000001',
    });
  });

  it('records a failure code', async () => {
    const h = harness();
    consumers = await startPostStatusConsumers({
      nc: h.nc,
      store: h.deps.posts,
      logger: pino({ level: 'silent' }),
      durablePrefix: `posts-${Math.random().toString(36).slice(2, 8)}`,
    });
    const connectionId = await h.connected();
    const requestId = `fail-${Math.random().toString(36).slice(2)}`;
    expect((await post({ requestId, connectionId, text: 'x' })).statusCode).toBe(202);
    // A poison message first: it is terminated and does not hold up the valid outcome behind it.
    await jetstream(h.nc).publish('post.failed', '{"requestId": ', { msgID: `poison-${requestId}` });
    await h.deps.events.publish('post.failed', {
      eventId: `failed-${requestId}`,
      requestId: busRequestId('tenant-a', connectionId, requestId),
      connectionId,
      code: 'permission_denied',
      message: 'no',
      attempts: 1,
    });
    await waitFor(async () => {
      const r = await h.app.inject({ method: 'GET', url: `/v1/posts/${requestId}`, headers: as(API_KEY) });
      return r.json<{ status: string }>().status === 'failed';
    });
    const failed = await h.app.inject({ method: 'GET', url: `/v1/posts/${requestId}`, headers: as(API_KEY) });
    expect(failed.json()).toMatchObject({ status: 'failed', code: 'permission_denied' });
  });

  it('refuses bad input with exact codes and publishes nothing', async () => {
    const h = harness();
    const seen = watchPosts();
    await h.nc.flush();
    const connectionId = await h.connected();
    const cases: [unknown, number, string, string?][] = [
      ['{"requestId": "a",', 400, 'invalid_request'],
      [{ requestId: 'has space', connectionId, text: 'x' }, 400, 'invalid_request', 'requestId'],
      [{ requestId: 'no-text', connectionId }, 400, 'invalid_request'],
      [{ requestId: 'big', connectionId, text: 'x'.repeat(70 * 1024) }, 413, 'payload_too_large'],
      [{ requestId: 'nobody', connectionId: 'conn_nobody', text: 'x' }, 404, 'connection_not_found'],
    ];
    for (const [payload, status, code, field] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(status);
      expect(response.json()).toMatchObject({ error: { code } });
      if (field) expect(response.json<{ error: { message: string } }>().error.message).toContain(field);
    }
    const other = await post({ requestId: 'other-tenant', connectionId, text: 'x' }, OTHER_TENANT_KEY);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ error: { code: 'connection_not_found' } });
    const noKey = await h.app.inject({ method: 'POST', url: '/v1/posts', payload: { requestId: 'k' } });
    expect(noKey.statusCode).toBe(401);
    await h.nc.flush();
    expect(seen).toHaveLength(0);
    expect(await h.tokenExchanges()).toBe(1);
  });
});
