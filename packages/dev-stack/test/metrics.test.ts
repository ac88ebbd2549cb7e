import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { API_KEY, startTestSystem, type TestSystem } from './system.ts';

/** The value of the first sample of `name` whose labels include every `labels` pair. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

describe('/metrics of every service, on its operator port', () => {
  let system: TestSystem;
  let nc: NatsConnection;
  const scrape = async (name: 'auth-gateway' | 'token-keeper' | 'publisher') =>
    (await fetch(`${system.stack.services[name].metricsUrl}/metrics`)).text();

  beforeAll(async () => {
    system = await startTestSystem({ env: { 'token-keeper': { CENSUS_INTERVAL_MS: '200' } } });
    nc = await connect({ servers: system.nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await system?.close();
  });

  it.each(['auth-gateway', 'token-keeper', 'publisher'] as const)(
    '%s: /metrics only on METRICS_PORT (404 on the main port), probes on both',
    async (name) => {
      const service = system.stack.services[name];
      expect(service.metricsPort).not.toBe(service.port);
      expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
      const metrics = await fetch(`${service.metricsUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await metrics.text()).toMatch(/^process_cpu_user_seconds_total[{ ]/m);
      for (const url of [service.url, service.metricsUrl]) {
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        expect((await fetch(`${url}/readyz`)).status).toBe(200);
      }
    },
  );

  describe('after a connect and a post', () => {
    beforeAll(async () => {
      const connectionId = (await connectMember(system.gatewayUrl)).searchParams.get('connectionId') ?? '';
      await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
      const ended: string[] = [];
      for (const subject of [SUBJECTS.postPublished, SUBJECTS.postFailed]) {
        nc.subscribe(subject, {
          callback: (_e, msg) => void ended.push(msg.json<{ requestId: string }>().requestId),
        });
      }
      const events = createEventPublisher(nc);
      await events.publish(SUBJECTS.postRequested, { requestId: 'metrics-1', connectionId, text: 'counted' });
      await events.publish(SUBJECTS.postRequested, {
        requestId: 'metrics-2',
        connectionId: 'conn_nobody',
        text: 'x',
      });
      await waitFor(() => ended.includes('metrics-1') && ended.includes('metrics-2'), { timeoutMs: 15_000 });
      // A refresh now, end to end: gateway → token.refresh.due → executor → tokens.refresh-token → LinkedIn.
      const refreshed: string[] = [];
      nc.subscribe(SUBJECTS.tokenRefreshed, { callback: (_e, msg) => void refreshed.push(msg.string()) });
      const refresh = await fetch(`${system.gatewayUrl}/v1/connections/${connectionId}/refresh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}` },
      });
      expect(refresh.status).toBe(202);
      await waitFor(() => refreshed.length > 0, { timeoutMs: 15_000, message: 'no token.refreshed' });
    });
    it('publisher: posts by outcome and code, LinkedIn calls by endpoint and status, consumer backlog', async () => {
      const text = await scrape('publisher');
      expect(sample(text, 'li_bus_posts_total', { outcome: 'published' })).toBe(1);
      expect(sample(text, 'li_bus_posts_total', { outcome: 'failed', code: 'connection_not_found' })).toBe(1);
      expect(sample(text, 'li_bus_post_attempt_seconds_count', { result: 'done' })).toBe(1);
      expect(sample(text, 'li_bus_post_attempt_seconds_count', { result: 'retry_or_fail' })).toBe(1);
      expect(
        sample(text, 'linkedin_requests_total', { method: 'POST', endpoint: '/rest/posts', status: '201' }),
      ).toBe(1);
      expect(sample(text, 'nats_consumer_pending', { consumer: 'publisher' })).toBe(0);
    });

    it('auth-gateway: HTTP requests by route and the LinkedIn token exchange', async () => {
      const text = await scrape('auth-gateway');
      expect(
        sample(text, 'http_server_requests_total', { route: '/oauth/linkedin/callback', status: '302' }),
      ).toBe(1);
      expect(
        sample(text, 'linkedin_requests_total', {
          method: 'POST',
          endpoint: '/oauth/v2/accessToken',
          status: '200',
        }),
      ).toBe(2); // the code exchange and the refresh grant
    });

    it('auth-gateway: refresh outcomes', async () => {
      const text = await scrape('auth-gateway');
      expect(sample(text, 'li_bus_refresh_total', { outcome: 'refreshed' })).toBe(1);
    });

    it('token-keeper: ingested token events', async () => {
      const text = await scrape('token-keeper');
      expect(sample(text, 'token_keeper_ingested_total')).toBeGreaterThanOrEqual(1);
      const counted = await waitFor(async () => {
        const later = await scrape('token-keeper');
        return sample(later, 'token_keeper_connections', { status: 'active' }) === 1 ? later : null;
      });
      expect(sample(counted, 'token_keeper_access_tokens_expiring_7d')).toBe(0);
      expect(sample(counted, 'nats_consumer_pending', { consumer: 'token-keeper-token-issued' })).toBe(0);
    });
  });
});
