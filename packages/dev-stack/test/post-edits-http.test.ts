import { describe, expect, it } from 'vitest';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';

const KEY_A = 'tenant-a-editing-key-0123456789';
const KEY_B = 'tenant-b-editing-key-0123456789';
const system = useTestSystem({
  gatewayApiKeys: `${API_KEY}:tenant-a|tenant-b,${KEY_A}:tenant-a,${KEY_B}:tenant-b`,
});

interface Status {
  status: string;
  postUrn?: string;
  updatedAt?: string;
  deletedAt?: string;
  error?: { code: string; message: string };
}

describe('PATCH and DELETE /v1/posts/:requestId (three services as processes, LinkedIn emulated)', () => {
  it('edits a published post on LinkedIn, then deletes it; other tenants, queued posts and bad bodies are refused', async () => {
    const { gatewayUrl, nc, emulator } = system();
    const connectionId =
      (await connectMember(gatewayUrl, { tenantId: 'tenant-a' })).searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
    const call = async (method: string, path: string, key = KEY_A, body?: unknown) => {
      const response = await fetch(`${gatewayUrl}/v1/posts${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Status };
    };
    const until = (requestId: string, status: string) =>
      waitFor(
        async () => {
          const { body } = await call('GET', `/${requestId}`);
          return body.status === status ? body : null;
        },
        { timeoutMs: 15_000 },
      );
    const onLinkedIn = async (urn: string | undefined) => {
      const posts = await createEmulatorAdmin(emulator.url).posts();
      return posts.find((post) => post.urn === urn);
    };

    const requestId = 'launch-2026-12-07';
    expect((await call('POST', '', KEY_A, { requestId, connectionId, text: 'Launch day' })).status).toBe(202);
    const published = await until(requestId, 'published');
    expect(published.postUrn).toMatch(/^urn:li:share:/);

    // Another tenant's PATCH and DELETE: unknown to it, nothing changes on LinkedIn.
    for (const method of ['PATCH', 'DELETE']) {
      const other = await call(
        method,
        `/${requestId}`,
        KEY_B,
        method === 'PATCH' ? { text: 'x' } : undefined,
      );
      expect(other.status, method).toBe(404);
      expect(other.body.error?.code).toBe('not_found');
    }
    // A bad body: 400 naming the field.
    const bad = await call('PATCH', `/${requestId}`, KEY_A, { text: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request' });
    expect(bad.body.error?.message).toContain('text');

    const edited = await call('PATCH', `/${requestId}`, KEY_A, { text: 'Launch day (updated) #news' });
    expect(edited.status).toBe(202);
    expect(edited.body.status).toBe('updating');
    const updated = await until(requestId, 'updated');
    expect(updated).toMatchObject({ postUrn: published.postUrn });
    expect(updated.updatedAt).toBeDefined();
    expect(await onLinkedIn(published.postUrn)).toMatchObject({
      submittedCommentary: 'Launch day \\(updated\\) #news',
      isEditedByAuthor: true,
      deletedAt: null,
    });

    const removed = await call('DELETE', `/${requestId}`);
    expect(removed.status).toBe(202);
    expect(removed.body.status).toBe('deleting');
    const deleted = await until(requestId, 'deleted');
    expect(deleted.deletedAt).toBeDefined();
    expect((await onLinkedIn(published.postUrn))?.deletedAt).not.toBeNull();

    // A request still queued (scheduled for later): 409, never sent to LinkedIn.
    const later = new Date(Date.now() + 3600_000).toISOString();
    const queuedId = 'scheduled-2026-12-08';
    expect(
      (
        await call('POST', '', KEY_A, {
          requestId: queuedId,
          connectionId,
          text: 'Tomorrow',
          notBefore: later,
        })
      ).status,
    ).toBe(202);
    const early = await call('PATCH', `/${queuedId}`, KEY_A, { text: 'Tomorrow, edited' });
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe('not_published');
    expect((await call('GET', `/${queuedId}`)).body.status).toBe('queued');
  });
});
