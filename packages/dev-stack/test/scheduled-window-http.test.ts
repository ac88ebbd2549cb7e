import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { STREAMS } from '@li-bus/contracts';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, useTestSystem } from './system.ts';

// The publisher's durable consumer and its schedules stream (internal names of services/publisher).
const PUBLISHER_DURABLE = 'publisher';
const SCHEDULES_STREAM = 'PUBLISHER_SCHEDULES';
const SCHEDULED = 5000;
const KEY_A = 'tenant-a-scheduling-key-0123456789';
const KEY_B = 'tenant-b-posting-key-0123456789';
const system = useTestSystem({
  gatewayApiKeys: `${API_KEY}:tenant-a|tenant-b,${KEY_A}:tenant-a,${KEY_B}:tenant-b`,
  env: {
    publisher: { PUBLISH_MAX_ACK_PENDING: '50' },
    // 5,000 posts from one key within a minute or two.
    'auth-gateway': { RATE_LIMIT_PER_MINUTE: '100000' },
  },
});

describe('issue 18 acceptance: scheduled posts hold no slot of a small window (HTTP API, services as processes)', () => {
  it('5,000 posts scheduled an hour ahead leave ack pending near 0; another tenant still publishes', async () => {
    const { gatewayUrl, nc, emulator } = system();
    const connect = async (tenantId: string) => {
      const connectionId =
        (await connectMember(gatewayUrl, { tenantId })).searchParams.get('connectionId') ?? '';
      await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
      return connectionId;
    };
    const connectionA = await connect('tenant-a');
    const connectionB = await connect('tenant-b');
    const post = async (key: string, body: Record<string, unknown>) => {
      const response = await fetch(`${gatewayUrl}/v1/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      await response.body?.cancel();
      return response.status;
    };
    const status = async (requestId: string) => {
      const response = await fetch(`${gatewayUrl}/v1/posts/${requestId}`, {
        headers: { authorization: `Bearer ${KEY_B}` },
      });
      return ((await response.json()) as { status: string }).status;
    };
    /** ms from tenant B's POST /v1/posts to GET /v1/posts/:requestId answering published (polled). */
    const fresh = async (requestId: string) => {
      const sent = Date.now();
      expect(await post(KEY_B, { requestId, connectionId: connectionB, text: `Fresh ${requestId}` })).toBe(
        202,
      );
      await waitFor(async () => (await status(requestId)) === 'published', {
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      return Date.now() - sent;
    };
    const jsm = await jetstreamManager(nc);
    const window = await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
    expect(window.config.max_ack_pending).toBe(50);
    const before = await fresh('fresh-before');

    const notBefore = new Date(Date.now() + 3600_000).toISOString();
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < SCHEDULED; i = next++) {
          statuses.push(
            await post(KEY_A, {
              requestId: `later-${i}`,
              connectionId: connectionA,
              text: `Later ${i}`,
              notBefore,
            }),
          );
        }
      }),
    );
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
    // All of them wait on server-side schedules: the publisher's consumer has nothing pending or in flight.
    const settled = await waitFor(
      async () => {
        const info = await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
        const held = (await jsm.streams.info(SCHEDULES_STREAM)).state.messages;
        return held === SCHEDULED && info.num_pending === 0 ? info : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 500, message: 'the scheduled posts are not all held' },
    );
    // The last few are acked just after their schedule is stored.
    expect(settled.num_ack_pending).toBeLessThanOrEqual(5);

    const after = await fresh('fresh-after');
    console.log(
      `tenant B's fresh post, ms from POST /v1/posts to GET answering published: ${before} before, ` +
        `${after} with ${SCHEDULED} posts of tenant A scheduled an hour ahead (window of 50, ack pending ` +
        `${settled.num_ack_pending} once all were held)`,
    );
    // The fresh post's ack follows its event; then nothing is in flight (the held posts would fill the window).
    await waitFor(
      async () => (await jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE)).num_ack_pending === 0,
      { timeoutMs: 10_000 },
    );
    expect(await createEmulatorAdmin(emulator.url).posts()).toHaveLength(2);
  }, 300_000);
});
