import { describe, expect, it } from 'vitest';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';

// API_KEY (both tenants) only runs the connect flows; each tenant posts with its own key.
const KEY_A = 'tenant-a-posting-key-0123456789';
const KEY_B = 'tenant-b-posting-key-0123456789';
const system = useTestSystem({
  gatewayApiKeys: `${API_KEY}:tenant-a|tenant-b,${KEY_A}:tenant-a,${KEY_B}:tenant-b`,
});

interface Status {
  requestId: string;
  connectionId: string;
  status: string;
  postUrn?: string;
}

describe('finding 5: a requestId is scoped to its tenant and connection (three services as processes)', () => {
  it("tenant B re-using tenant A's requestId gets its own post, never A's record or URN", async () => {
    const { gatewayUrl, nc, emulator } = system();
    const connect = async (tenantId: string) => {
      const connectionId =
        (await connectMember(gatewayUrl, { tenantId })).searchParams.get('connectionId') ?? '';
      await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
      return connectionId;
    };
    const connectionA = await connect('tenant-a');
    const connectionB = await connect('tenant-b');
    expect(connectionB).not.toBe(connectionA);
    const requestId = 'weekly-digest-2026-12-07';
    const answers: string[] = [];
    const call = async (key: string, method: 'GET' | 'POST', body?: unknown) => {
      const response = await fetch(`${gatewayUrl}/v1/posts${method === 'GET' ? `/${requestId}` : ''}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      if (key === KEY_B) answers.push(text);
      return { status: response.status, body: JSON.parse(text) as Status };
    };
    const published = (key: string) =>
      waitFor(
        async () => {
          const { body } = await call(key, 'GET');
          return body.status === 'published' ? body : null;
        },
        { timeoutMs: 15_000 },
      );

    const a = await call(KEY_A, 'POST', { requestId, connectionId: connectionA, text: 'Tenant A digest' });
    expect(a.status).toBe(202);
    const postA = await published(KEY_A);

    const b = await call(KEY_B, 'POST', { requestId, connectionId: connectionB, text: 'Tenant B digest' });
    expect(b.status).toBe(202);
    expect(b.body).toMatchObject({ requestId, connectionId: connectionB, status: 'queued' });
    const postB = await published(KEY_B);
    expect(postB).toMatchObject({ requestId, connectionId: connectionB });
    expect(postB.postUrn).toMatch(/^urn:li:share:/);
    expect(postB.postUrn).not.toBe(postA.postUrn);
    for (const answer of answers) expect(answer).not.toContain(postA.postUrn);

    // A still sees its own record; LinkedIn got both posts.
    expect((await call(KEY_A, 'GET')).body).toMatchObject({
      connectionId: connectionA,
      postUrn: postA.postUrn,
    });
    const stored = await createEmulatorAdmin(emulator.url).posts();
    expect(stored.map((post) => post.commentary).sort()).toEqual(['Tenant A digest', 'Tenant B digest']);
  });
});
