import { randomUUID } from 'node:crypto';
import type { Msg } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { postCancelRequested, STREAMS, SUBJECTS } from '@li-bus/contracts';
import type { RunningConsumer } from '@li-bus/messaging';
import { createMetricsRegistry } from '@li-bus/service-kit';
import { startWebhookReceiver, waitFor } from '@li-bus/testkit';
import { busRequestId } from '../src/posts/bus-request-id.ts';
import { postStatusConsumers, startPostStatusConsumers } from '../src/posts/post-status-consumers.ts';
import { startWebhookWorkers } from '../src/webhooks/start-webhooks.ts';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { authorizedTokens, registeredClient } from './oauth-flow.ts';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
);
const POST_URN = 'urn:li:share:7000000000000000077';
const DAY = 24 * 3600_000;
let consumers: RunningConsumer[] = [];
afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  consumers = [];
});

interface Status {
  requestId: string;
  status: string;
  cancelledAt?: string;
  postUrn?: string;
  cancelRejected?: { reason: string; message: string };
  error?: { code: string };
}

function watch(h: GatewayHarness, subject: string): Msg[] {
  const seen: Msg[] = [];
  const sub = h.nc.subscribe(subject, { callback: (_e, m) => void seen.push(m) });
  onTestFinished(() => sub.unsubscribe());
  return seen;
}

const call = async (method: 'GET' | 'DELETE', requestId: string, key = API_KEY) => {
  const response = await harness().app.inject({
    method,
    url: `/v1/posts/${requestId}`,
    headers: { authorization: `Bearer ${key}` },
  });
  return { statusCode: response.statusCode, body: response.json<Status>() };
};

const statusOf = async (requestId: string) => (await call('GET', requestId)).body;
const until = (requestId: string, check: (status: Status) => boolean) =>
  waitFor(async () => check(await statusOf(requestId)));

/** A connection of `tenantId` that the harness's token-keeper stand-in knows. */
async function connection(h: GatewayHarness, tenantId: string): Promise<string> {
  const connectionId = `conn_${randomUUID().replaceAll('-', '')}`;
  await h.deps.events.publish(SUBJECTS.tokenIssued, {
    eventId: randomUUID(),
    connectionId,
    tenantId,
    member: { sub: `m-${connectionId}`, name: 'M' },
    organizations: [],
    scopes: ['w_member_social'],
    accessToken: h.keyring.seal('access-token', connectionId),
    accessTokenExpiresAt: new Date(Date.now() + DAY).toISOString(),
    issuedAt: new Date().toISOString(),
  });
  await h.keeper.waitFor(connectionId);
  return connectionId;
}

/** The status consumers running, and a post scheduled an hour ahead over HTTP (no publisher: it stays queued). */
async function scheduledPost(h: GatewayHarness, options: { connectionId?: string; key?: string } = {}) {
  const durablePrefix = `cancel-${randomUUID().slice(0, 8)}`;
  consumers = await startPostStatusConsumers({
    nc: h.nc,
    store: h.deps.posts,
    logger: pino({ level: 'silent' }),
    durablePrefix,
  });
  const connectionId = options.connectionId ?? (await h.connected());
  const requestId = `later-${randomUUID().slice(0, 8)}`;
  const accepted = await h.app.inject({
    method: 'POST',
    url: '/v1/posts',
    headers: { authorization: `Bearer ${options.key ?? API_KEY}` },
    payload: {
      requestId,
      connectionId,
      text: 'In an hour',
      notBefore: new Date(Date.now() + 3600_000).toISOString(),
    },
  });
  expect(accepted.statusCode).toBe(202);
  const tenantId = options.key === OTHER_TENANT_KEY ? 'tenant-b' : 'tenant-a';
  return { connectionId, requestId, busId: busRequestId(tenantId, connectionId, requestId), durablePrefix };
}

/** The publisher's part: `post.cancelled` for a bus requestId. */
const cancelled = (h: GatewayHarness, busId: string, connectionId: string) =>
  h.deps.events.publish(SUBJECTS.postCancelled, {
    eventId: `${busId}:cancelled`,
    requestId: busId,
    connectionId,
    cancelledAt: new Date().toISOString(),
  });

describe('DELETE /v1/posts/:requestId before the post is on LinkedIn: cancel', () => {
  it('sends post.cancel.requested under the bus id, shows cancelling, then cancelled; twice is harmless', async () => {
    const h = harness();
    const { connectionId, requestId, busId } = await scheduledPost(h);
    const commands = watch(h, SUBJECTS.postCancelRequested);
    await h.nc.flush();

    const first = await call('DELETE', requestId);
    expect(first.statusCode).toBe(202);
    expect(first.body).toMatchObject({ requestId, busRequestId: busId, status: 'cancelling' });
    expect(JSON.stringify(first.body)).not.toContain('tenant');
    await waitFor(() => commands.length === 1);
    expect(postCancelRequested.parse(commands[0]?.json())).toEqual({ requestId: busId, connectionId });
    // The stream keeps it: its message id is not the request's, which post.requested holds already.
    expect(commands[0]?.headers?.get('Nats-Msg-Id')).toBe(`${busId}:cancel`);
    const jsm = await jetstreamManager(h.nc);
    const stored = await jsm.streams.getMessage(STREAMS.posts.name, {
      last_by_subj: SUBJECTS.postCancelRequested,
    });
    expect(stored?.json()).toEqual({ requestId: busId, connectionId });
    expect((await statusOf(requestId)).status).toBe('cancelling');

    // A retried DELETE while the publisher has not answered: the same command again, still cancelling.
    const again = await call('DELETE', requestId);
    expect(again).toMatchObject({ statusCode: 202, body: { status: 'cancelling' } });
    await waitFor(() => commands.length === 2);
    expect(commands[1]?.json()).toEqual(commands[0]?.json());

    await cancelled(h, busId, connectionId);
    await until(requestId, (s) => s.status === 'cancelled');
    expect((await statusOf(requestId)).cancelledAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Cancelled already: answered as it is (200), nothing sent.
    const late = await call('DELETE', requestId);
    expect(late).toMatchObject({ statusCode: 200, body: { status: 'cancelled' } });
    await h.nc.flush();
    expect(commands).toHaveLength(2);
  });

  it('answers 404 for another tenant or connection, 400 for a bad id, 409 for a failed request; sends nothing', async () => {
    const h = harness();
    const { connectionId, requestId, busId } = await scheduledPost(h);
    const commands = watch(h, SUBJECTS.postCancelRequested);
    await h.nc.flush();

    const other = await call('DELETE', requestId, OTHER_TENANT_KEY);
    expect(other).toMatchObject({ statusCode: 404, body: { error: { code: 'not_found' } } });
    expect(await call('GET', requestId, OTHER_TENANT_KEY)).toMatchObject({ statusCode: 404 });
    const otherConnection = await h.app.inject({
      method: 'DELETE',
      url: `/v1/posts/${requestId}?connectionId=conn_someoneelse`,
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(otherConnection.statusCode).toBe(404);
    expect((await call('DELETE', 'bad id!')).statusCode).toBe(400);
    expect((await call('DELETE', 'no-such-request')).statusCode).toBe(404);

    await h.deps.events.publish(SUBJECTS.postFailed, {
      eventId: `${busId}:failed`,
      requestId: busId,
      connectionId,
      code: 'media_failed',
      message: 'no image',
      attempts: 1,
    });
    await until(requestId, (s) => s.status === 'failed');
    const failed = await call('DELETE', requestId);
    expect(failed).toMatchObject({ statusCode: 409, body: { error: { code: 'post_failed' } } });
    await h.nc.flush();
    expect(commands).toHaveLength(0);
  });

  it('a rejected cancel puts the request back (not_found) or lets it be published (already_published)', async () => {
    const h = harness();
    const { connectionId, requestId, busId } = await scheduledPost(h);
    expect((await call('DELETE', requestId)).body.status).toBe('cancelling');
    await h.deps.events.publish(SUBJECTS.postCancelRejected, {
      eventId: `${busId}:cancel-rejected:not_found`,
      requestId: busId,
      reason: 'not_found',
    });
    await until(requestId, (s) => s.status === 'queued');
    expect((await statusOf(requestId)).cancelRejected).toMatchObject({ reason: 'not_found' });

    expect((await call('DELETE', requestId)).body.status).toBe('cancelling');
    await h.deps.events.publish(SUBJECTS.postCancelRejected, {
      eventId: `${busId}:cancel-rejected:already_published`,
      requestId: busId,
      reason: 'already_published',
    });
    await until(requestId, (s) => s.cancelRejected?.reason === 'already_published');
    await h.deps.events.publish(SUBJECTS.postPublished, {
      eventId: `${busId}:published`,
      requestId: busId,
      connectionId,
      author: 'urn:li:person:m1',
      postUrn: POST_URN,
      postUrl: `https://www.linkedin.com/feed/update/${POST_URN}/`,
      publishedAt: new Date().toISOString(),
    });
    await until(requestId, (s) => s.status === 'published');
    // A stray post.cancelled never hides the live post.
    await cancelled(h, busId, connectionId);
    await h.nc.flush();
    expect(await statusOf(requestId)).toMatchObject({ status: 'published', postUrn: POST_URN });
  });

  it('terminates poison messages on the cancel consumers and goes on with the next event', async () => {
    const h = harness();
    const { connectionId, requestId, busId, durablePrefix } = await scheduledPost(h);
    expect((await call('DELETE', requestId)).body.status).toBe('cancelling');
    const js = jetstream(h.nc);
    await js.publish(SUBJECTS.postCancelled, '{"requestId": ', { msgID: `poison-${busId}` });
    await js.publish(SUBJECTS.postCancelRejected, JSON.stringify({ requestId: busId, reason: 'bored' }), {
      msgID: `poison-rejected-${busId}`,
    });
    await cancelled(h, busId, connectionId);
    await until(requestId, (s) => s.status === 'cancelled');
    // Both poison messages were terminated, not left for redelivery.
    const jsm = await jetstreamManager(h.nc);
    const { cancelled: cancelledConsumer, cancelRejected } = postStatusConsumers(durablePrefix);
    for (const { durable } of [cancelledConsumer, cancelRejected]) {
      await waitFor(async () => {
        const info = await jsm.consumers.info(STREAMS.posts.name, durable);
        return info.num_ack_pending === 0 && info.num_pending === 0;
      });
    }
    expect((await statusOf(requestId)).cancelRejected).toBeUndefined();
  });

  it('deletes a published post as before: post.delete.requested, no cancel', async () => {
    const h = harness();
    const { connectionId, requestId, busId } = await scheduledPost(h);
    const cancels = watch(h, SUBJECTS.postCancelRequested);
    const deletes = watch(h, SUBJECTS.postDeleteRequested);
    await h.nc.flush();
    await h.deps.events.publish(SUBJECTS.postPublished, {
      eventId: `${busId}:published`,
      requestId: busId,
      connectionId,
      author: 'urn:li:person:m1',
      postUrn: POST_URN,
      postUrl: `https://www.linkedin.com/feed/update/${POST_URN}/`,
      publishedAt: new Date().toISOString(),
    });
    await until(requestId, (s) => s.status === 'published');
    const removal = await call('DELETE', requestId);
    expect(removal).toMatchObject({ statusCode: 202, body: { status: 'deleting', postUrn: POST_URN } });
    await waitFor(() => deletes.length === 1);
    expect(deletes[0]?.json()).toEqual({ requestId: `${busId}:delete:1`, connectionId, postUrn: POST_URN });
    await h.nc.flush();
    expect(cancels).toHaveLength(0);
  });

  it("delivers post.cancelled to the tenant's webhooks", async () => {
    const h = harness();
    const receiver = await startWebhookReceiver();
    onTestFinished(receiver.close);
    const registered = await h.app.inject({
      method: 'POST',
      url: '/v1/webhooks',
      headers: { authorization: `Bearer ${API_KEY}` },
      payload: { tenantId: 'tenant-a', url: receiver.url, events: ['post.cancelled'] },
    });
    expect(registered.statusCode).toBe(201);
    const running = await startWebhookWorkers(
      h.nc,
      { ...h.deps, registry: createMetricsRegistry('test') },
      `cancel-${randomUUID().slice(0, 8)}`,
    );
    onTestFinished(async () => void (await Promise.all(running.map((c) => c.stop()))));
    const connectionId = await connection(h, 'tenant-a');
    await cancelled(h, 'h.some-bus-id', connectionId);
    await waitFor(() => receiver.calls.length > 0, { timeoutMs: 10_000 });
    expect(JSON.parse(receiver.calls[0]?.body ?? '{}')).toMatchObject({
      type: 'post.cancelled',
      data: { requestId: 'h.some-bus-id', connectionId },
    });
  });
});

describe('MCP cancel_post', () => {
  it("cancels the token's own request and waits for the outcome; another tenant's requestId is unknown", async () => {
    const h = harness();
    const client = await registeredClient(h);
    const { tokens } = await authorizedTokens(h, client);
    const mcp = async (name: string, args: Record<string, unknown>) => {
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
          params: { name, arguments: args },
        }),
      });
      expect(response.statusCode).toBe(200);
      return response.json<{ result: { isError?: boolean; content: { text: string }[] } }>().result;
    };
    const list = await h.app.inject({
      url: '/v1/connections?tenantId=tenant-a',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    const own = list.json<{ connections: { connectionId: string }[] }>().connections[0]?.connectionId ?? '';
    await h.keeper.waitFor(own);
    const { requestId, busId } = await scheduledPost(h, { connectionId: own });
    // Another tenant's request under the same caller requestId: the token never reaches it.
    const foreign = await connection(h, 'tenant-b');
    const theirs = await h.app.inject({
      method: 'POST',
      url: '/v1/posts',
      headers: { authorization: `Bearer ${OTHER_TENANT_KEY}` },
      payload: { requestId: 'shared-id', connectionId: foreign, text: 'Theirs' },
    });
    expect(theirs.statusCode).toBe(202);
    const commands = watch(h, SUBJECTS.postCancelRequested);
    await h.nc.flush();

    const refused = await mcp('cancel_post', { requestId: 'shared-id', waitSeconds: 0 });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/^not_found: /);

    // The publisher's part: answer the cancel while the tool waits.
    const sub = h.nc.subscribe(SUBJECTS.postCancelRequested, {
      callback: (_e, m) => {
        const command = postCancelRequested.parse(m.json());
        void cancelled(h, command.requestId, command.connectionId ?? '');
      },
    });
    onTestFinished(() => sub.unsubscribe());
    await h.nc.flush();
    const done = await mcp('cancel_post', { requestId, waitSeconds: 10 });
    expect(done.isError).toBeUndefined();
    expect(done.content[0]?.text).toMatch(/^Cancelled: this post will never be published\./);
    expect(done.content[0]?.text).toContain('"status": "cancelled"');
    expect(commands.map((m) => m.json())).toEqual([{ requestId: busId, connectionId: own }]);
    // Theirs is untouched.
    const status = await call('GET', 'shared-id', OTHER_TENANT_KEY);
    expect(status.body.status).toBe('queued');

    const tools = await h.app.inject({
      method: 'POST',
      url: '/mcp',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    const listed = tools
      .json<{ result: { tools: { name: string; annotations?: Record<string, boolean> }[] } }>()
      .result.tools.find((tool) => tool.name === 'cancel_post');
    expect(listed?.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
  });
});
