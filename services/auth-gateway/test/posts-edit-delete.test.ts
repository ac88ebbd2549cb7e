import type { Msg } from '@nats-io/transport-node';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { postDeleteRequested, postUpdateRequested } from '@li-bus/contracts';
import type { RunningConsumer } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';
import { busRequestId } from '../src/posts/bus-request-id.ts';
import { startPostStatusConsumers } from '../src/posts/post-status-consumers.ts';
import { API_KEY, OTHER_TENANT_KEY, useGatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const POST_URN = 'urn:li:share:7000000000000000042';
let consumers: RunningConsumer[] = [];
afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  consumers = [];
});

function watch(subject: string): Msg[] {
  const seen: Msg[] = [];
  const sub = harness().nc.subscribe(subject, { callback: (_e, m) => void seen.push(m) });
  onTestFinished(() => sub.unsubscribe());
  return seen;
}

const send = (method: 'GET' | 'PATCH' | 'DELETE', requestId: string, payload?: unknown, key = API_KEY) =>
  harness().app.inject({
    method,
    url: `/v1/posts/${requestId}`,
    // No body, no content-type (as curl -X DELETE sends it).
    headers: payload === undefined ? { authorization: `Bearer ${key}` } : as(key),
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });

const statusOf = async (requestId: string) =>
  (await send('GET', requestId)).json<{
    status: string;
    updatedAt?: string;
    lastOperation?: { status: string };
  }>();

/** A request taken in over HTTP, with its status consumers running; `publish()` makes it published. */
async function acceptedPost() {
  const h = harness();
  consumers = await startPostStatusConsumers({
    nc: h.nc,
    store: h.deps.posts,
    logger: pino({ level: 'silent' }),
    durablePrefix: `edits-${Math.random().toString(36).slice(2, 8)}`,
  });
  const connectionId = await h.connected();
  const requestId = `edit-${Math.random().toString(36).slice(2)}`;
  const accepted = await h.app.inject({
    method: 'POST',
    url: '/v1/posts',
    headers: as(API_KEY),
    payload: JSON.stringify({ requestId, connectionId, text: 'first text' }),
  });
  expect(accepted.statusCode).toBe(202);
  const busId = busRequestId('tenant-a', connectionId, requestId);
  const publish = async () => {
    await h.deps.events.publish('post.published', {
      eventId: `published-${requestId}`,
      requestId: busId,
      connectionId,
      author: `urn:li:person:${h.emulator.defaultMember.sub}`,
      postUrn: POST_URN,
      postUrl: `https://www.linkedin.com/feed/update/${POST_URN}/`,
      publishedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await statusOf(requestId)).status === 'published');
  };
  return { h, connectionId, requestId, busId, publish };
}

describe('PATCH and DELETE /v1/posts/:requestId', () => {
  it('edits a published post once per operation, follows the outcome, then deletes it', async () => {
    const { h, connectionId, requestId, busId, publish } = await acceptedPost();
    const edits = watch('post.update.requested');
    const deletes = watch('post.delete.requested');
    await h.nc.flush();

    // Not yet on LinkedIn: nothing to edit (a DELETE would cancel it: posts-cancel.test.ts).
    const early = await send('PATCH', requestId, { text: 'new' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: 'not_published' } });
    await publish();

    // Another tenant's request is unknown to it, for both verbs.
    expect((await send('PATCH', requestId, { text: 'hijack' }, OTHER_TENANT_KEY)).statusCode).toBe(404);
    expect((await send('DELETE', requestId, undefined, OTHER_TENANT_KEY)).statusCode).toBe(404);

    const edit = await send('PATCH', requestId, { text: 'Edited (now) #1' });
    expect(edit.statusCode).toBe(202);
    expect(edit.json()).toMatchObject({ requestId, status: 'updating', postUrn: POST_URN });
    expect(edit.body).not.toContain('tenant');
    // A retry is the same operation: same command, same requestId.
    expect((await send('PATCH', requestId, { text: 'Edited (now) #1' })).json()).toMatchObject({
      status: 'updating',
    });
    await waitFor(() => edits.length === 2);
    const [first, again] = edits.map((m) => postUpdateRequested.parse(m.json()));
    expect(first).toEqual({
      requestId: first?.requestId ?? '',
      connectionId,
      postUrn: POST_URN,
      text: 'Edited (now) #1',
    });
    expect(first?.requestId).toMatch(new RegExp(`^${busId.replace('.', '\\.')}:edit:1:[0-9a-f]{16}$`));
    expect(again?.requestId).toBe(first?.requestId);
    expect(edits[0]?.headers?.get('Nats-Msg-Id')).toBe(first?.requestId);

    const updatedAt = new Date().toISOString();
    await h.deps.events.publish('post.updated', {
      eventId: `${first?.requestId}:updated`,
      requestId: first?.requestId ?? '',
      connectionId,
      postUrn: POST_URN,
      updatedAt,
    });
    await waitFor(async () => (await statusOf(requestId)).status === 'updated');
    expect(await statusOf(requestId)).toMatchObject({
      status: 'updated',
      postUrn: POST_URN,
      updatedAt,
      lastOperation: { kind: 'edit', requestId: first?.requestId, sequence: 1, status: 'succeeded' },
    });
    // Retried after it succeeded: still one operation, nothing new is sent.
    expect((await send('PATCH', requestId, { text: 'Edited (now) #1' })).json()).toMatchObject({
      status: 'updated',
    });

    // A second edit that fails: the post is as it was, and the failure is told.
    expect((await send('PATCH', requestId, { text: 'second' })).json()).toMatchObject({ status: 'updating' });
    await waitFor(() => edits.length === 4);
    const second = postUpdateRequested.parse(edits[3]?.json());
    expect(second.requestId).toMatch(/:edit:2:[0-9a-f]{16}$/);
    await h.deps.events.publish('post.failed', {
      eventId: `${second.requestId}:failed`,
      requestId: second.requestId,
      connectionId,
      code: 'permission_denied',
      message: 'not the author',
      attempts: 1,
    });
    await waitFor(async () => (await statusOf(requestId)).lastOperation?.status === 'failed');
    expect(await statusOf(requestId)).toMatchObject({
      status: 'updated',
      postUrn: POST_URN,
      updatedAt,
      lastOperation: { kind: 'edit', sequence: 2, status: 'failed', code: 'permission_denied' },
    });
    // Editing back to the first text is a new operation (the first one's outcome is not replayed).
    await send('PATCH', requestId, { text: 'Edited (now) #1' });
    await waitFor(() => edits.length === 5);
    const third = postUpdateRequested.parse(edits[4]?.json());
    expect(third.requestId).not.toBe(first?.requestId);
    expect(third.requestId).toMatch(/:edit:3:[0-9a-f]{16}$/);
    expect(third.requestId.split(':').at(-1)).toBe(first?.requestId.split(':').at(-1));

    const removal = await send('DELETE', requestId);
    expect(removal.statusCode).toBe(202);
    expect(removal.json()).toMatchObject({ status: 'deleting' });
    await waitFor(() => deletes.length === 1);
    const command = postDeleteRequested.parse(deletes[0]?.json());
    expect(command).toEqual({ requestId: `${busId}:delete:4`, connectionId, postUrn: POST_URN });
    // The edit still in flight settles late: it does not hide the pending delete.
    await h.deps.events.publish('post.updated', {
      eventId: `${third.requestId}:updated`,
      requestId: third.requestId,
      connectionId,
      postUrn: POST_URN,
      updatedAt: new Date().toISOString(),
    });
    await waitFor(async () => (await statusOf(requestId)).updatedAt !== updatedAt);
    expect(await statusOf(requestId)).toMatchObject({ status: 'deleting' });
    const editDuringDelete = await send('PATCH', requestId, { text: 'too late' });
    expect(editDuringDelete.statusCode).toBe(409);
    expect(editDuringDelete.json()).toMatchObject({ error: { code: 'post_deleted' } });
    const deletedAt = new Date().toISOString();
    await h.deps.events.publish('post.deleted', {
      eventId: `${command.requestId}:deleted`,
      requestId: command.requestId,
      connectionId,
      postUrn: POST_URN,
      deletedAt,
    });
    await waitFor(async () => (await statusOf(requestId)).status === 'deleted');
    expect(await statusOf(requestId)).toMatchObject({
      status: 'deleted',
      deletedAt,
      lastOperation: { kind: 'delete', sequence: 4, status: 'succeeded' },
    });
    // Deleting again answers the record as it is and sends nothing.
    expect((await send('DELETE', requestId)).json()).toMatchObject({ status: 'deleted' });
    await h.nc.flush();
    expect(deletes).toHaveLength(1);
    expect(edits).toHaveLength(5);
  });

  it('refuses a bad body with 400 naming the field, and an unknown request with 404', async () => {
    const { h, requestId, publish } = await acceptedPost();
    const edits = watch('post.update.requested');
    await h.nc.flush();
    await publish();
    const cases: [unknown, string][] = [
      [{}, 'text'],
      [{ text: '' }, 'text'],
      [{ text: 'x'.repeat(3001) }, 'text'],
      // `(` is escaped to `\(`: 1500 of them are 3000 characters after escaping.
      [{ text: '('.repeat(1501) }, 'text'],
      [{ text: 'ok', postUrn: 'urn:li:share:1' }, 'postUrn'],
      ['{"text": ', ''],
    ];
    for (const [payload, field] of cases) {
      const response = await send('PATCH', requestId, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid_request' } });
      expect(response.json<{ error: { message: string } }>().error.message).toContain(field);
    }
    expect((await send('PATCH', 'no-such-request', { text: 'x' })).statusCode).toBe(404);
    expect((await send('DELETE', 'no-such-request')).statusCode).toBe(404);
    expect((await send('PATCH', 'bad id!', { text: 'x' })).statusCode).toBe(400);
    await h.nc.flush();
    expect(edits).toHaveLength(0);
    expect(await statusOf(requestId)).toMatchObject({ status: 'published' });
  });
});
