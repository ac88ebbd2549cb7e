import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Webhook } from 'standardwebhooks';
import { STREAMS, SUBJECTS, WEBHOOK_STREAM } from '@li-bus/contracts';
import { createMetricsRegistry } from '@li-bus/service-kit';
import { waitFor } from '@li-bus/testkit';
import { startWebhookWorkers, webhookConsumers } from '../src/webhooks/start-webhooks.ts';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { startWebhookReceiver as startReceiver } from '@li-bus/testkit';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  {
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_RETRY_DELAYS_MS: '100',
    WEBHOOK_DELIVERY_CONCURRENCY: '8',
  },
);
const DAY = 24 * 3600_000;

/** A connection of tenant-a that the harness's token-keeper stand-in knows. */
async function connection(h: GatewayHarness, tenantId = 'tenant-a'): Promise<string> {
  const connectionId = `conn_${randomUUID().replaceAll('-', '')}`;
  const sealed = h.keyring.seal('access-token', connectionId);
  await h.deps.events.publish(SUBJECTS.tokenIssued, {
    eventId: randomUUID(),
    connectionId,
    tenantId,
    member: { sub: 'm1', name: 'M' },
    organizations: [],
    scopes: ['w_member_social'],
    accessToken: sealed,
    accessTokenExpiresAt: new Date(Date.now() + DAY).toISOString(),
    issuedAt: new Date().toISOString(),
  });
  await h.keeper.waitFor(connectionId);
  return connectionId;
}

async function register(h: GatewayHarness, url: string, tenantId = 'tenant-a', key = API_KEY) {
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: { authorization: `Bearer ${key}` },
    payload: { tenantId, url, events: ['post.failed'] },
  });
  expect(response.statusCode).toBe(201);
  const created = response.json<{ webhookId: string; secret: string }>();
  onTestFinished(() => h.deps.webhooks.delete(created.webhookId));
  return created;
}

function failed(h: GatewayHarness, connectionId: string) {
  return h.deps.events.publish(SUBJECTS.postFailed, {
    eventId: randomUUID(),
    requestId: `r-${randomUUID()}`,
    connectionId,
    code: 'linkedin_error',
    message: 'LinkedIn said no',
    attempts: 1,
  });
}

async function startWorkers(h: GatewayHarness) {
  const registry = createMetricsRegistry('test');
  const running = await startWebhookWorkers(h.nc, { ...h.deps, registry }, 'test');
  onTestFinished(async () => void (await Promise.all(running.map((c) => c.stop()))));
  return registry;
}

/** True once every consumer of the feature has handed out everything and nothing waits for an ack. */
async function drained(h: GatewayHarness, ackPending = 0): Promise<boolean> {
  const jsm = await jetstreamManager(h.nc);
  const infos = await Promise.all(
    webhookConsumers('test').map((c) => jsm.consumers.info(c.stream, c.durable)),
  );
  const pending = infos.reduce((sum, info) => sum + info.num_pending, 0);
  const waiting = infos.reduce((sum, info) => sum + info.num_ack_pending, 0);
  return pending === 0 && waiting === ackPending;
}

const metric = async (registry: ReturnType<typeof createMetricsRegistry>, text: string) =>
  (await registry.metrics()).split('\n').find((line) => line.startsWith(text));

describe('webhook delivery worker (real NATS, a local receiver)', { timeout: 20_000 }, () => {
  it('retries with the same webhook-id, and a success clears the failure mark', async () => {
    const h = harness();
    const receiver = await startReceiver([500, 200]);
    onTestFinished(receiver.close);
    const { webhookId, secret } = await register(h, receiver.url);
    const connectionId = await connection(h);
    await startWorkers(h);
    await failed(h, connectionId);
    await waitFor(() => receiver.calls.length >= 2, { timeoutMs: 10_000 });
    await waitFor(() => drained(h), { timeoutMs: 10_000 });
    expect(receiver.calls.map((c) => c.status)).toEqual([500, 200]);
    const [first, second] = receiver.calls;
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    const verified = new Webhook(secret).verify(
      second?.body ?? '',
      second?.headers as Record<string, string>,
    );
    expect(verified).toMatchObject({ type: 'post.failed', data: { connectionId, code: 'linkedin_error' } });
    expect((await h.deps.webhooks.get(webhookId))?.firstFailureAt).toBeUndefined();
  });

  it('disables a webhook failing for 5 days: visible in GET, a metric, and nothing more is delivered', async () => {
    const h = harness();
    const receiver = await startReceiver([500]);
    onTestFinished(receiver.close);
    const { webhookId } = await register(h, receiver.url);
    const connectionId = await connection(h);
    const registry = await startWorkers(h);
    await failed(h, connectionId);
    const marked = await waitFor(async () => (await h.deps.webhooks.get(webhookId))?.firstFailureAt, {
      timeoutMs: 10_000,
    });
    expect((await h.deps.webhooks.get(webhookId))?.status).toBe('active');

    h.clock.now = Date.parse(marked) + 5 * DAY;
    await failed(h, connectionId);
    await waitFor(async () => (await h.deps.webhooks.get(webhookId))?.status === 'disabled', {
      timeoutMs: 10_000,
    });
    const list = await h.app.inject({
      method: 'GET',
      url: '/v1/webhooks?tenantId=tenant-a',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(
      list.json<{ webhooks: { webhookId: string }[] }>().webhooks.find((w) => w.webhookId === webhookId),
    ).toMatchObject({
      status: 'disabled',
      disabledAt: new Date(h.clock.now).toISOString(),
    });
    expect(await metric(registry, 'gateway_webhooks_disabled_total')).toMatch(/ 1$/);

    await waitFor(() => drained(h), { timeoutMs: 10_000 });
    const calls = receiver.calls.length;
    await failed(h, connectionId);
    await waitFor(() => drained(h), { timeoutMs: 10_000 });
    expect(receiver.calls.length).toBe(calls);
  });

  it("does not let one tenant's hanging endpoint hold up another tenant's deliveries", async () => {
    const h = harness();
    // Tenant A's endpoint accepts connections and never answers (until the test ends).
    const held: ServerResponse[] = [];
    const hanging = createServer((_request, response) => void held.push(response));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    onTestFinished(async () => {
      for (const response of held) response.destroy();
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    });
    const receiverB = await startReceiver([200]);
    onTestFinished(receiverB.close);
    await register(h, `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`);
    await register(h, receiverB.url, 'tenant-b', OTHER_TENANT_KEY);
    const [connectionA, connectionB] = [await connection(h), await connection(h, 'tenant-b')];
    await startWorkers(h);
    // Runs before the workers stop (hooks run last-registered first): no hanging request left to wait for.
    onTestFinished(() => held.forEach((response) => response.destroy()));
    // More of A's deliveries than the worker has slots (8), all hanging for the 10 s timeout.
    for (let i = 0; i < 12; i++) await failed(h, connectionA);
    await waitFor(() => held.length >= 1, { timeoutMs: 10_000 });
    await failed(h, connectionB);
    await waitFor(() => receiverB.calls.length === 1, {
      timeoutMs: 5_000,
      message: "tenant B's delivery waited behind tenant A's hanging endpoint",
    });
    // A holds its share of the slots (an eighth of 8), not all of them: the rest of its deliveries wait their turn.
    expect(held.length).toBeLessThan(8);
  });

  it('terminates poison messages on the fan-out and delivery consumers instead of retrying them', async () => {
    const h = harness();
    await startWorkers(h);
    const js = jetstream(h.nc);
    const seqs = [
      (await js.publish(SUBJECTS.webhookDelivery, 'not json', { msgID: randomUUID() })).seq,
      (await js.publish(SUBJECTS.webhookDelivery, JSON.stringify({ eventId: 'x' }), { msgID: randomUUID() }))
        .seq,
    ];
    const posts = [
      (await js.publish(SUBJECTS.postPublished, '{oops', { msgID: randomUUID() })).seq,
      (
        await js.publish(SUBJECTS.postPublished, JSON.stringify({ eventId: 'y', connectionId: 'c' }), {
          msgID: randomUUID(),
        })
      ).seq,
    ];
    const jsm = await jetstreamManager(h.nc);
    await waitFor(
      async () => {
        const deliver = await jsm.consumers.info(WEBHOOK_STREAM.name, 'test-webhooks-deliver');
        const fanOut = await jsm.consumers.info(STREAMS.posts.name, 'test-webhooks-posts');
        return (
          deliver.ack_floor.stream_seq >= Math.max(...seqs) &&
          fanOut.ack_floor.stream_seq >= Math.max(...posts) &&
          deliver.num_ack_pending === 0 &&
          fanOut.num_ack_pending === 0
        );
      },
      { timeoutMs: 10_000, message: 'a poison message is still pending (retried instead of terminated)' },
    );
    // Work-queue retention: a terminated job is gone from the stream.
    expect((await jsm.streams.info(WEBHOOK_STREAM.name)).state.messages).toBe(0);
  });
});
