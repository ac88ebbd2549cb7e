import { describe, expect } from 'vitest';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, systemTest } from './system.ts';

const it = systemTest();

interface Status {
  status: string;
  cancelledAt?: string;
  postUrn?: string;
}

describe('DELETE /v1/posts/:requestId cancels a scheduled post (three services as processes, LinkedIn emulated)', () => {
  it('a post scheduled over HTTP and cancelled is never posted; GET shows cancelled', async ({ system }) => {
    const { gatewayUrl, nc, emulator } = system;
    const connectionId = (await connectMember(gatewayUrl)).searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${gatewayUrl}/v1/posts${path}`, {
        method,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
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
    const schedule = async (requestId: string, notBefore: number) =>
      expect(
        (
          await call('POST', '', {
            requestId,
            connectionId,
            text: `Scheduled ${requestId}`,
            notBefore: new Date(notBefore).toISOString(),
          })
        ).status,
      ).toBe(202);

    // An hour ahead: cancelled while the publisher holds it.
    await schedule('in-an-hour', Date.now() + 3600_000);
    const cancelling = await call('DELETE', '/in-an-hour');
    expect(cancelling.status).toBe(202);
    expect(cancelling.body.status).toBe('cancelling');
    const cancelled = await until('in-an-hour', 'cancelled');
    expect(cancelled.cancelledAt).toBeDefined();
    expect(await call('DELETE', '/in-an-hour')).toMatchObject({ status: 200, body: { status: 'cancelled' } });

    // Due in a few seconds: cancelled, then its due time passes and nothing reaches LinkedIn.
    const dueAt = Date.now() + 4000;
    await schedule('in-seconds', dueAt);
    expect((await call('DELETE', '/in-seconds')).status).toBe(202);
    await until('in-seconds', 'cancelled');
    // A post sent after it, published: the publisher is running and past the cancelled one's due time.
    await waitFor(() => Date.now() > dueAt + 2000, { timeoutMs: 10_000 });
    expect((await call('POST', '', { requestId: 'now', connectionId, text: 'Right now' })).status).toBe(202);
    const published = await until('now', 'published');

    const posts = await createEmulatorAdmin(emulator.url).posts();
    expect(posts.map((post) => post.urn)).toEqual([published.postUrn]);
    expect((await call('GET', '/in-seconds')).body.status).toBe('cancelled');
  });
});
