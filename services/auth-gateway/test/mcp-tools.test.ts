import type { Msg } from '@nats-io/transport-node';
import { Objm } from '@nats-io/obj';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { postDeleteRequested, postRequested, postUpdateRequested, SUBJECTS } from '@li-bus/contracts';
import type { RunningConsumer } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';
import { busRequestId } from '../src/posts/bus-request-id.ts';
import { startPostStatusConsumers } from '../src/posts/post-status-consumers.ts';
import { UPLOAD_MAX_BYTES } from '../src/http/api-schemas.ts';
import { OTHER_TENANT_KEY, useGatewayHarness, type GatewayHarness } from './harness.ts';
import { agentToken, callTool, mcpRequest, otherConnection } from './mcp-calls.ts';

const harness = useGatewayHarness(
  { beforeAll, afterAll, beforeEach, afterEach },
  { OAUTH_TENANT: 'tenant-a', OAUTH_REGISTRATION: 'open' },
);
const POST_URN = 'urn:li:share:7000000000000000077';
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
  'base64',
);

let consumers: RunningConsumer[] = [];
afterEach(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  consumers = [];
});

async function followStatuses(h: GatewayHarness) {
  consumers = await startPostStatusConsumers({
    nc: h.nc,
    store: h.deps.posts,
    logger: pino({ level: 'silent' }),
    durablePrefix: `mcp-${Math.random().toString(36).slice(2, 8)}`,
  });
}

function watch(h: GatewayHarness, subject: string): Msg[] {
  const seen: Msg[] = [];
  const sub = h.nc.subscribe(subject, { callback: (_e, m) => void seen.push(m) });
  onTestFinished(() => sub.unsubscribe());
  return seen;
}

/** What the publisher would say once LinkedIn created the post. */
async function published(h: GatewayHarness, connectionId: string, requestId: string) {
  await h.deps.events.publish(SUBJECTS.postPublished, {
    eventId: `published-${requestId}`,
    requestId: busRequestId('tenant-a', connectionId, requestId),
    connectionId,
    author: `urn:li:person:${h.emulator.defaultMember.sub}`,
    postUrn: POST_URN,
    postUrl: `https://www.linkedin.com/feed/update/${POST_URN}/`,
    publishedAt: new Date().toISOString(),
  });
}

/** The structured answer is also the text (after an optional one-line summary). */
function expectTextMirrorsStructured(result: { content: { text: string }[]; structuredContent?: unknown }) {
  const text = result.content[0]?.text ?? '';
  expect(JSON.parse(text.slice(text.indexOf('{')))).toEqual(result.structuredContent);
}

describe('MCP tools: one per post and connection operation', () => {
  it('lists every tool with input and output schemas and annotations', async () => {
    const h = harness();
    const { token } = await agentToken(h);
    const listed = await mcpRequest(h, token, 'tools/list');
    const tools = listed.json<{
      result: {
        tools: {
          name: string;
          inputSchema: { type: string };
          outputSchema?: { type: string };
          annotations?: Record<string, boolean>;
        }[];
      };
    }>().result.tools;
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(Object.keys(byName).sort()).toEqual([
      'cancel_post',
      'delete_post',
      'edit_post',
      'get_connection_status',
      'get_post_status',
      'list_connections',
      'publish_post',
      'upload_media',
    ]);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(typeof tool.annotations?.['readOnlyHint'], tool.name).toBe('boolean');
    }
    expect(byName['get_post_status']?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName['delete_post']?.annotations).toMatchObject({ destructiveHint: true, idempotentHint: true });
    expect(byName['edit_post']?.annotations).toMatchObject({ destructiveHint: true, openWorldHint: true });
    expect(byName['publish_post']?.annotations).toMatchObject({ destructiveHint: false });
  });

  it('publish_post takes every content type the HTTP API takes; bad input is refused naming the field', async () => {
    const h = harness();
    const { token, connectionId } = await agentToken(h);
    const requested = watch(h, SUBJECTS.postRequested);
    await h.nc.flush();
    const notBefore = new Date(Date.now() + 3_600_000).toISOString();
    const poll = {
      question: 'Which launch?',
      options: ['Monday', 'Friday'],
      duration: 'THREE_DAYS',
    };
    const result = await callTool(h, token, 'publish_post', {
      requestId: 'poll-1',
      text: 'Vote (now)',
      poll,
      firstComment: { text: 'Results on Friday' },
      notBefore,
      waitSeconds: 30,
    });
    expect(result.isError).toBeUndefined();
    // A scheduled post is answered at once, queued: nothing would come within the wait.
    expect(result.structuredContent).toMatchObject({ requestId: 'poll-1', connectionId, status: 'queued' });
    expectTextMirrorsStructured(result);
    await waitFor(() => requested.length === 1);
    expect(postRequested.parse(requested[0]?.json())).toMatchObject({
      connectionId,
      text: 'Vote (now)',
      poll,
      firstComment: { text: 'Results on Friday' },
      notBefore,
    });

    for (const [args, field] of [
      [{ text: 'x', poll, media: [{ type: 'image', url: 'https://cdn.example/a.png' }] }, 'poll'],
      [{ reshareOf: 'urn:li:share:1', article: { url: 'https://example.com', title: 't' } }, 'reshareOf'],
      [{ text: 'x', notBefore: 'tomorrow' }, 'notBefore'],
      [{ text: 'x', media: [{ type: 'video', url: 'http://cdn.example/v.mp4' }] }, 'media'],
    ] as const) {
      const refused = await callTool(h, token, 'publish_post', { ...args, waitSeconds: 0 });
      expect(refused.isError, field).toBe(true);
      expect(refused.content[0]?.text, field).toContain(field);
    }
    await h.nc.flush();
    expect(requested).toHaveLength(1);
  });

  it('edit_post and delete_post change the token’s own published post; another tenant’s requestId is unknown', async () => {
    const h = harness();
    await followStatuses(h);
    const { token, connectionId } = await agentToken(h);
    const edits = watch(h, SUBJECTS.postUpdateRequested);
    const deletes = watch(h, SUBJECTS.postDeleteRequested);
    await h.nc.flush();
    const first = await callTool(h, token, 'publish_post', { requestId: 'mine', text: 'v1', waitSeconds: 0 });
    expect(first.structuredContent).toMatchObject({ status: 'queued' });

    const early = await callTool(h, token, 'edit_post', { requestId: 'mine', text: 'v2', waitSeconds: 0 });
    expect(early).toMatchObject({ isError: true, structuredContent: { error: { code: 'not_published' } } });

    await published(h, connectionId, 'mine');
    await waitFor(
      async () =>
        (await callTool(h, token, 'get_post_status', { requestId: 'mine' })).structuredContent?.['status'] ===
        'published',
    );

    // Another tenant's request under the same requestId: every tool answers it like an unknown one.
    const foreign = await otherConnection(h, 'tenant-b');
    const theirs = await h.app.inject({
      method: 'POST',
      url: '/v1/posts',
      headers: { authorization: `Bearer ${OTHER_TENANT_KEY}` },
      payload: { requestId: 'theirs', connectionId: foreign, text: 'Theirs' },
    });
    expect(theirs.statusCode).toBe(202);
    for (const [name, args] of [
      ['get_post_status', {}],
      ['edit_post', { text: 'hijack', waitSeconds: 0 }],
      ['delete_post', { waitSeconds: 0 }],
      ['cancel_post', { waitSeconds: 0 }],
    ] as const) {
      const refused = await callTool(h, token, name, { requestId: 'theirs', ...args });
      expect(refused, name).toMatchObject({
        isError: true,
        structuredContent: { error: { code: 'not_found' } },
      });
    }

    const edit = await callTool(h, token, 'edit_post', {
      requestId: 'mine',
      text: 'v2 (edited)',
      waitSeconds: 0,
    });
    expect(edit.isError).toBeUndefined();
    expect(edit.structuredContent).toMatchObject({
      requestId: 'mine',
      status: 'updating',
      postUrn: POST_URN,
    });
    expectTextMirrorsStructured(edit);
    await waitFor(() => edits.length === 1);
    expect(postUpdateRequested.parse(edits[0]?.json())).toMatchObject({
      connectionId,
      postUrn: POST_URN,
      text: 'v2 (edited)',
    });

    const removal = await callTool(h, token, 'delete_post', { requestId: 'mine', waitSeconds: 0 });
    expect(removal.structuredContent).toMatchObject({ requestId: 'mine', status: 'deleting' });
    await waitFor(() => deletes.length === 1);
    expect(postDeleteRequested.parse(deletes[0]?.json())).toMatchObject({ connectionId, postUrn: POST_URN });
    expect(JSON.stringify([edit, removal])).not.toContain('tenant-a');
  });

  it('get_connection_status shows the quota; list_connections only the token’s own connection', async () => {
    const h = harness();
    const { token, connectionId } = await agentToken(h);
    // Another member's connection in the same tenant, and one in another tenant: neither is listed.
    await otherConnection(h, 'tenant-a');
    await otherConnection(h, 'tenant-b');
    const status = await callTool(h, token, 'get_connection_status');
    expect(status.structuredContent).toMatchObject({
      connectionId,
      tenantId: 'tenant-a',
      status: 'active',
      quota: { used: 0, limit: 150 },
      canComment: { member: false },
    });
    expectTextMirrorsStructured(status);
    const list = await callTool(h, token, 'list_connections');
    const connections = (list.structuredContent?.['connections'] ?? []) as { connectionId: string }[];
    expect(connections.map((c) => c.connectionId)).toEqual([connectionId]);
  });

  it('upload_media stores the file in the tenant’s namespace; publish_post takes its URL, not another tenant’s', async () => {
    const h = harness();
    const { token, connectionId } = await agentToken(h);
    const requested = watch(h, SUBJECTS.postRequested);
    await h.nc.flush();
    const upload = await callTool(h, token, 'upload_media', {
      fileName: 'pixel (1).png',
      contentType: 'image/png',
      base64: PNG.toString('base64'),
    });
    expect(upload.isError).toBeUndefined();
    const { url, type, bytes } = upload.structuredContent as { url: string; type: string; bytes: number };
    expect(type).toBe('image');
    expect(bytes).toBe(PNG.length);
    expect(url).toMatch(/^nats-object:\/\/media\/tenant-a\/upload-[0-9a-f-]+-pixel__1_\.png$/);
    const store = await new Objm(h.nc).open('media');
    const stored = await store.getBlob(url.slice('nats-object://media/'.length));
    expect(Buffer.from(stored ?? [])).toEqual(PNG);

    const post = await callTool(h, token, 'publish_post', {
      requestId: 'with-upload',
      text: 'A pixel',
      media: [{ type, url, altText: 'one pixel' }],
      waitSeconds: 0,
    });
    expect(post.structuredContent).toMatchObject({ status: 'queued', connectionId });
    const foreign = await callTool(h, token, 'publish_post', {
      text: 'theirs',
      media: [{ type: 'image', url: 'nats-object://media/tenant-b/upload-1-a.png' }],
      waitSeconds: 0,
    });
    expect(foreign).toMatchObject({
      isError: true,
      structuredContent: { error: { code: 'invalid_request' } },
    });
    await waitFor(() => requested.length === 1);
    expect(postRequested.parse(requested[0]?.json()).media).toEqual([
      { type: 'image', url, altText: 'one pixel' },
    ]);

    for (const [args, code] of [
      [{ contentType: 'text/html', base64: PNG.toString('base64') }, 'invalid_request'],
      [{ contentType: 'image/png', base64: 'not base64!' }, 'invalid_request'],
      [
        { contentType: 'image/png', base64: Buffer.alloc(UPLOAD_MAX_BYTES + 1).toString('base64') },
        'media_too_large',
      ],
    ] as const) {
      const refused = await callTool(h, token, 'upload_media', { fileName: 'x.png', ...args });
      expect(refused.isError, code).toBe(true);
      expect(refused.content[0]?.text, code).toMatch(new RegExp(`${code}|Input validation`));
    }
  });

  it('a tool that needs LinkedIn, for a tenant the connect page does not serve, points at a connect flow for it', async () => {
    const h = harness();
    const { token, connectionId } = await agentToken(h);
    h.keeper.setStatus(connectionId, 'reauth_required');
    const result = await callTool(h, token, 'publish_post', { text: 'x', waitSeconds: 0 });
    const { connectUrl } = (result.structuredContent as { error: { connectUrl: string } }).error;
    expect(connectUrl).toMatch(/^http:\/\/gateway\.test\/oauth\/linkedin\/start\?session=[^&]+$/);
    expect(connectUrl).not.toContain(token);
    // The member's browser gets the confirmation page of a connect flow into tenant-a.
    const page = await h.app.inject({ method: 'GET', url: connectUrl.slice('http://gateway.test'.length) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('tenant-a');
  });

  it('every tool asks for its scope: a token without it gets 403 insufficient_scope naming it', async () => {
    const h = harness();
    // One token at a time: authorizing the same member again ends the grants made before.
    const expectRefused = async (token: string, scope: string, names: string[]) => {
      for (const name of names) {
        const response = await mcpRequest(h, token, 'tools/call', { name, arguments: { requestId: 'x' } });
        expect(response.statusCode, name).toBe(403);
        expect(response.headers['www-authenticate'], name).toContain(`scope="${scope}"`);
      }
    };
    const postTools = [
      'publish_post',
      'get_post_status',
      'cancel_post',
      'edit_post',
      'delete_post',
      'upload_media',
    ];
    await expectRefused((await agentToken(h, 'connections:read')).token, 'posts:write', postTools);
    const connectionTools = ['get_connection_status', 'list_connections'];
    await expectRefused((await agentToken(h, 'posts:write')).token, 'connections:read', connectionTools);
  });
});
