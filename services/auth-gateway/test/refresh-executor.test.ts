import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, tokenRefreshed, tokenRefreshFailed } from '@li-bus/contracts';
import { createEventPublisher, type RunningConsumer } from '@li-bus/messaging';
import { waitFor } from '@li-bus/testkit';
import { createNatsTokenKeeperClient } from '@li-bus/token-keeper-client';
import { createKvRefreshGuard } from '../src/refresh/refresh-guard.ts';
import { createRefreshExecutor } from '../src/refresh/refresh-executor.ts';
import { startRefreshConsumer } from '../src/refresh/refresh-consumer.ts';
import { useGatewayHarness, type GatewayHarness } from './harness.ts';

const harness = useGatewayHarness({ beforeAll, afterAll, beforeEach, afterEach });
const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
let running: RunningConsumer[] = [];
let connections: NatsConnection[] = [];
let durable = '';

beforeEach(() => {
  durable = `refresh-${Math.random().toString(36).slice(2, 10)}`;
});
afterEach(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await Promise.all(connections.map((nc) => nc.close()));
  running = [];
  connections = [];
});

/** One gateway replica's refresh executor, on its own NATS connection, sharing the durable consumer. */
async function startReplica(h: GatewayHarness): Promise<void> {
  const nc = await connect({ servers: h.natsUrl });
  connections.push(nc);
  const executor = createRefreshExecutor({
    ...h.deps,
    tokenKeeper: createNatsTokenKeeperClient(nc),
    events: createEventPublisher(nc),
    guard: await createKvRefreshGuard(nc),
  });
  running.push(await startRefreshConsumer({ nc, executor, logger, concurrency: 8, durable }));
}

async function publishDue(h: GatewayHarness, connectionId: string, count = 1) {
  const record = await h.keeper.waitFor(connectionId);
  for (let i = 0; i < count; i++) {
    await h.deps.events.publish('token.refresh.due', {
      eventId: `due-${connectionId}-${i}`,
      connectionId,
      accessTokenExpiresAt: record.accessTokenExpiresAt,
      attempt: 1,
    });
  }
}

const refreshGrants = async (h: GatewayHarness) => (await h.tokenExchanges()) - 1; // minus the code exchange
const eventsOf = (h: GatewayHarness, subject: string) => h.events.filter((e) => e.subject === subject);

async function settled(nc: NatsConnection) {
  const jsm = await jetstreamManager(nc);
  await waitFor(
    async () => {
      const info = await jsm.consumers.info(STREAMS.tokens.name, durable);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.num_redelivered >= 0;
    },
    { timeoutMs: 20_000, message: 'refresh consumer never settled' },
  );
}

describe('refresh executor', () => {
  it('runs the refresh grant and emits token.refreshed with the same fields and the original refresh expiry', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const before = h.keeper.records.get(connectionId);
    h.clock.now += 1000;
    await startReplica(h);
    await publishDue(h, connectionId);
    await waitFor(() => eventsOf(h, 'token.refreshed').length === 1, { timeoutMs: 10_000 });
    const event = tokenRefreshed.parse(JSON.parse(eventsOf(h, 'token.refreshed')[0]?.data ?? ''));
    expect(event).toMatchObject({
      connectionId,
      tenantId: 'tenant-a',
      member: before?.member,
      organizations: [],
      refreshTokenExpiresAt: before?.refreshTokenExpiresAt,
    });
    expect(Date.parse(event.accessTokenExpiresAt)).toBeGreaterThan(
      Date.parse(before?.accessTokenExpiresAt ?? ''),
    );
    const accessToken = h.keyring.open(event.accessToken, connectionId);
    expect(accessToken).not.toBe(h.keyring.open(before?.accessToken ?? '', connectionId));
    const userinfo = await request(`${h.emulator.url}/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    await userinfo.body.dump();
    expect(userinfo.statusCode).toBe(200);
    expect(h.keyring.open(event.refreshToken ?? '', connectionId)).toMatch(/^AQ/);
    expect(await refreshGrants(h)).toBe(1);
  });

  it('a refused refresh token gives token.refresh.failed reauth_required, after one grant attempt', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const revoke = await request(
      `${h.emulator.url}/_emulator/members/${h.emulator.defaultMember.sub}/revoke`,
      {
        method: 'POST',
      },
    );
    await revoke.body.dump();
    await startReplica(h);
    await publishDue(h, connectionId);
    await waitFor(() => eventsOf(h, 'token.refresh.failed').length === 1, { timeoutMs: 10_000 });
    const failed = tokenRefreshFailed.parse(JSON.parse(eventsOf(h, 'token.refresh.failed')[0]?.data ?? ''));
    expect(failed).toMatchObject({ connectionId, code: 'reauth_required' });
    expect(eventsOf(h, 'token.refreshed')).toHaveLength(0);
    expect(await refreshGrants(h)).toBe(1);
  });

  it('a stored refresh token sealed for another connection gives reauth_required at once, without a grant', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const record = await h.keeper.waitFor(connectionId);
    record.refreshToken = h.deps.keyring.seal('AQ-someone-elses-refresh-token', 'another-connection');
    await startReplica(h);
    await publishDue(h, connectionId);
    await waitFor(() => eventsOf(h, 'token.refresh.failed').length === 1, { timeoutMs: 10_000 });
    const failed = tokenRefreshFailed.parse(JSON.parse(eventsOf(h, 'token.refresh.failed')[0]?.data ?? ''));
    expect(failed).toMatchObject({ connectionId, code: 'reauth_required' });
    expect(failed.message).toMatch(/does not open/);
    expect(eventsOf(h, 'token.refreshed')).toHaveLength(0);
    expect(await refreshGrants(h)).toBe(0);
  });

  it('retries LinkedIn failures with backoff until the grant succeeds', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const fault = await request(`${h.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', pathPrefix: '/oauth/v2/accessToken', status: 503, times: 2 }),
    });
    await fault.body.dump();
    await startReplica(h);
    await publishDue(h, connectionId);
    await waitFor(() => eventsOf(h, 'token.refreshed').length === 1, { timeoutMs: 15_000 });
    expect(eventsOf(h, 'token.refresh.failed')).toHaveLength(0);
    expect(await refreshGrants(h)).toBe(3);
  });

  it('200 duplicate due events across 2 replicas give exactly one refresh grant', async () => {
    const h = harness();
    const connectionId = await h.connected();
    await startReplica(h);
    await startReplica(h);
    await publishDue(h, connectionId, 200);
    await waitFor(() => eventsOf(h, 'token.refreshed').length >= 1, { timeoutMs: 10_000 });
    await settled(h.nc);
    expect(await refreshGrants(h)).toBe(1);
    expect(eventsOf(h, 'token.refreshed')).toHaveLength(1);
    expect(eventsOf(h, 'token.refresh.failed')).toHaveLength(0);
  }, 30_000);

  it('a lock held by a stalled replica: retries wait as long as it has been held, until it expires', async () => {
    const h = harness();
    const connectionId = await h.connected();
    const record = await h.keeper.waitFor(connectionId);
    const guard = await createKvRefreshGuard(h.nc);
    const stalled = await guard.acquire(connectionId);
    expect(stalled).not.toBeNull();
    const executor = createRefreshExecutor({ ...h.deps, guard });
    const due = {
      eventId: 'due-stalled',
      connectionId,
      accessTokenExpiresAt: record.accessTokenExpiresAt,
      attempt: 1,
    };
    const retryAfter = async () => {
      const refusal = (await executor.handle(due, logger).catch((error: unknown) => error)) as {
        code?: string;
        retryAfterMs?: number;
      };
      expect(refusal.code).toBe('refresh_in_progress');
      return refusal.retryAfterMs ?? 0;
    };
    // Just taken (a working holder, most likely): look again in a second.
    expect(await retryAfter()).toBe(1000);
    // Held for a while: wait about as long again, but never past the lock's own expiry (60 s TTL).
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = await retryAfter();
    expect(later).toBeGreaterThanOrEqual(2400);
    expect(later).toBeLessThan(10_000);
    await guard.release(connectionId, stalled ?? 0);
    expect(await guard.lockTiming(connectionId)).toBeNull();
  });

  it('an unknown connection is acknowledged without a grant; a poison message is terminated', async () => {
    const h = harness();
    await startReplica(h);
    await h.deps.events.publish('token.refresh.due', {
      eventId: 'due-unknown',
      connectionId: 'conn_nobody',
      accessTokenExpiresAt: new Date().toISOString(),
      attempt: 1,
    });
    const js = (await import('@nats-io/jetstream')).jetstream(h.nc);
    await js.publish('token.refresh.due', '{"not": "a due event"', { msgID: 'poison-1' });
    await settled(h.nc);
    expect(await h.tokenExchanges()).toBe(0);
  });
});
