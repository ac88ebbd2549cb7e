import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { request } from 'undici';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { SUBJECTS, STREAMS, WEBHOOK_STREAM, type PostPublished } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { startOtlpReceiver, waitFor, type OtlpReceiver } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, startTestSystem, type TestSystem } from './system.ts';
import { startWebhookReceiver as startReceiver } from '@li-bus/testkit';

// API_KEY may connect members in both tenants (the connect helper uses it); B_KEY is tenant-b's own key.
const B_KEY = 'tenant-b-key-0123456789abcdef';
const DURABLES = [
  { stream: STREAMS.posts.name, durable: 'auth-gateway-webhooks-posts' },
  { stream: STREAMS.tokens.name, durable: 'auth-gateway-webhooks-tokens' },
  { stream: WEBHOOK_STREAM.name, durable: 'auth-gateway-webhooks-deliver' },
];

describe('webhooks: the three services as processes, a receiver on 127.0.0.1', { timeout: 60_000 }, () => {
  let system: TestSystem;
  let otlp: OtlpReceiver;
  let connectionA = '';

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    system = await startTestSystem({
      gatewayApiKeys: `${API_KEY}:tenant-a|tenant-b,${B_KEY}:tenant-b`,
      commonEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      env: { 'auth-gateway': { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_DELAYS_MS: '200' } },
    });
    connectionA = await connect('tenant-a');
  }, 60_000);
  afterAll(async () => {
    await system?.close();
    await otlp?.close();
  });

  async function connect(tenantId: string): Promise<string> {
    const connectionId = (await connectMember(system.gatewayUrl, { tenantId })).searchParams.get(
      'connectionId',
    );
    if (!connectionId) throw new Error('connect failed');
    await waitFor(() => requestTokens(system.nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
    return connectionId;
  }

  async function register(
    tenantId: string,
    url: string,
    key = API_KEY,
    events = ['post.published', 'post.failed'],
  ) {
    const response = await request(`${system.gatewayUrl}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId, url, events }),
    });
    const body = (await response.body.json()) as { webhookId: string; secret: string };
    expect(response.statusCode).toBe(201);
    onTestFinished(async () => {
      const deleted = await request(`${system.gatewayUrl}/v1/webhooks/${body.webhookId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${key}` },
      });
      await deleted.body.dump();
    });
    return body;
  }

  /** A `post.failed` for a connection, straight on the bus (the outcome of a request that never reached LinkedIn). */
  async function postFailed(connectionId: string) {
    const requestId = `wh-${randomUUID()}`;
    await createEventPublisher(system.nc).publish(SUBJECTS.postFailed, {
      eventId: `${requestId}:failed`,
      requestId,
      connectionId,
      code: 'linkedin_error',
      message: 'LinkedIn said no',
      attempts: 1,
    });
    return requestId;
  }

  /** Every webhook consumer has handed out every message and holds none waiting for an ack or a retry. */
  async function drained(): Promise<boolean> {
    const jsm = await jetstreamManager(system.nc);
    for (const { stream, durable } of DURABLES) {
      const info = await jsm.consumers.info(stream, durable);
      if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
    }
    return true;
  }

  it('delivers a post outcome signed (Standard Webhooks), verifiable, as a span of the post trace', async () => {
    const receiver = await startReceiver();
    onTestFinished(receiver.close);
    const { secret } = await register('tenant-a', receiver.url);
    const published: PostPublished[] = [];
    const sub = system.nc.subscribe(SUBJECTS.postPublished, {
      callback: (_e, msg) => void published.push(msg.json()),
    });
    onTestFinished(() => sub.unsubscribe());
    await createEventPublisher(system.nc).publish(SUBJECTS.postRequested, {
      requestId: 'webhook-post-1',
      connectionId: connectionA,
      text: 'hello webhooks',
    });
    const call = await waitFor(() => receiver.calls[0], { timeoutMs: 20_000, message: 'no delivery' });
    const event = await waitFor(() => published.find((e) => e.requestId === 'webhook-post-1'));

    const payload = new Webhook(secret).verify(call.body, call.headers);
    expect(payload).toEqual({
      type: 'post.published',
      timestamp: (payload as { timestamp: string }).timestamp,
      data: event,
    });
    expect(Date.parse((payload as { timestamp: string }).timestamp)).not.toBeNaN();
    expect(call.headers['webhook-id']).toMatch(/^msg_/);
    expect(call.headers['webhook-signature']).toMatch(/^v1,/);
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(call.body, call.headers),
    ).toThrow();

    const deliver = await waitFor(
      () =>
        otlp.spans.find(
          (span) =>
            span.name === 'webhook deliver' && span.attributes['li_bus.request_id'] === 'webhook-post-1',
        ),
      { timeoutMs: 10_000, message: 'no webhook deliver span' },
    );
    const publisherSpan = await waitFor(() =>
      otlp.spans.find(
        (span) =>
          span.service === 'publisher' &&
          span.name === 'post.requested process' &&
          span.attributes['li_bus.request_id'] === 'webhook-post-1',
      ),
    );
    expect(deliver).toMatchObject({ service: 'auth-gateway', kind: 3, traceId: publisherSpan.traceId });
  });

  it('answers 500 twice: the same webhook-id a third time, and once only after the 2xx', async () => {
    const receiver = await startReceiver([500, 500, 200]);
    onTestFinished(receiver.close);
    const { secret } = await register('tenant-a', receiver.url);
    const requestId = await postFailed(connectionA);
    await waitFor(() => receiver.calls.length >= 3, { timeoutMs: 20_000 });
    await waitFor(drained, { timeoutMs: 20_000, message: 'deliveries still pending' });

    expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
    for (const call of receiver.calls)
      expect(new Webhook(secret).verify(call.body, call.headers)).toBeTruthy();
    const spans = await waitFor(
      () => {
        const found = otlp.spans.filter(
          (span) => span.name === 'webhook deliver' && span.attributes['li_bus.request_id'] === requestId,
        );
        return found.length === 3 ? found : null;
      },
      { timeoutMs: 10_000, message: 'every attempt is a span' },
    );
    expect(new Set(spans.map((span) => span.traceId)).size).toBe(1);
  });

  it("never sends tenant A's events to tenant B's endpoint", async () => {
    const receiverA = await startReceiver();
    const receiverB = await startReceiver();
    onTestFinished(receiverA.close);
    onTestFinished(receiverB.close);
    await register('tenant-a', receiverA.url);
    await register('tenant-b', receiverB.url, B_KEY);
    const forbidden = await request(`${system.gatewayUrl}/v1/webhooks?tenantId=tenant-a`, {
      headers: { authorization: `Bearer ${B_KEY}` },
    });
    expect(forbidden.statusCode).toBe(403);
    await forbidden.body.dump();

    const requestA = await postFailed(connectionA);
    await waitFor(() => receiverA.calls.length >= 1, { timeoutMs: 20_000 });
    await waitFor(drained, { timeoutMs: 20_000 });
    expect(receiverB.calls).toEqual([]);

    // B's endpoint does receive B's own events: the silence above is not a broken webhook.
    const connectionB = await connect('tenant-b');
    const requestB = await postFailed(connectionB);
    await waitFor(() => receiverB.calls.length >= 1, { timeoutMs: 20_000 });
    await waitFor(drained, { timeoutMs: 20_000 });
    const ids = (calls: { body: string }[]) =>
      calls.map((call) => (JSON.parse(call.body) as { data: { requestId: string } }).data.requestId);
    expect(ids(receiverB.calls)).toEqual([requestB]);
    expect(ids(receiverA.calls)).toEqual([requestA]);
  });

  it('delivers post.updated and post.deleted of an edited, then deleted post to a webhook subscribed to them', async () => {
    const receiver = await startReceiver();
    onTestFinished(receiver.close);
    const { secret } = await register('tenant-a', receiver.url, API_KEY, ['post.updated', 'post.deleted']);
    const published: PostPublished[] = [];
    const sub = system.nc.subscribe(SUBJECTS.postPublished, {
      callback: (_e, msg) => void published.push(msg.json()),
    });
    onTestFinished(() => sub.unsubscribe());
    const events = createEventPublisher(system.nc);
    const requestId = `wh-edit-${randomUUID()}`;
    await events.publish(SUBJECTS.postRequested, { requestId, connectionId: connectionA, text: 'before' });
    const post = await waitFor(() => published.find((e) => e.requestId === requestId), { timeoutMs: 20_000 });
    const common = { connectionId: connectionA, postUrn: post.postUrn };
    await events.publish(SUBJECTS.postUpdateRequested, {
      ...common,
      requestId: `${requestId}:e`,
      text: 'after',
    });
    await waitFor(() => receiver.calls[0], { timeoutMs: 20_000, message: 'no post.updated delivery' });
    await events.publish(SUBJECTS.postDeleteRequested, { ...common, requestId: `${requestId}:d` });
    await waitFor(() => receiver.calls[1], { timeoutMs: 20_000, message: 'no post.deleted delivery' });
    const payloads = receiver.calls.map(
      (call) => new Webhook(secret).verify(call.body, call.headers) as { type: string; data: object },
    );
    expect(payloads.map((p) => [p.type, p.data])).toEqual([
      ['post.updated', expect.objectContaining({ requestId: `${requestId}:e`, postUrn: post.postUrn })],
      ['post.deleted', expect.objectContaining({ requestId: `${requestId}:d`, postUrn: post.postUrn })],
    ]);
  });

  it('keeps a pending delivery across a gateway restart', async () => {
    const receiver = await startReceiver([503]);
    onTestFinished(receiver.close);
    const { secret } = await register('tenant-a', receiver.url);
    await postFailed(connectionA);
    await waitFor(() => receiver.calls.length >= 1, { timeoutMs: 20_000 });
    const gateway = system.stack.services['auth-gateway'];
    await gateway.stop();
    const refusedBeforeRestart = receiver.calls.length;
    receiver.answer([200]);
    await gateway.restart();
    const delivered = await waitFor(() => receiver.calls.find((c) => c.status === 200), {
      timeoutMs: 20_000,
      message: 'the pending delivery did not arrive after the restart',
    });
    await waitFor(drained, { timeoutMs: 20_000 });
    expect(refusedBeforeRestart).toBeGreaterThanOrEqual(1);
    expect(receiver.calls.filter((c) => c.status === 200)).toHaveLength(1);
    expect(delivered.headers['webhook-id']).toBe(receiver.calls[0]?.headers['webhook-id']);
    expect(new Webhook(secret).verify(delivered.body, delivered.headers)).toBeTruthy();
  });
  it('delivers token.revoked of a revoked connection (token-keeper still answers tokens.status for it)', async () => {
    const receiver = await startReceiver();
    onTestFinished(receiver.close);
    const { secret } = await register('tenant-b', receiver.url, B_KEY, ['token.revoked']);
    const connectionB = await connect('tenant-b');
    const revoked = await request(`${system.gatewayUrl}/v1/connections/${connectionB}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${B_KEY}` },
    });
    await revoked.body.dump();
    expect(revoked.statusCode).toBe(204);
    const call = await waitFor(() => receiver.calls[0], {
      timeoutMs: 20_000,
      message: 'no token.revoked delivery',
    });
    expect(new Webhook(secret).verify(call.body, call.headers)).toMatchObject({
      type: 'token.revoked',
      data: { connectionId: connectionB },
    });
  });
});
