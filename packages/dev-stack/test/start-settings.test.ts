// `./dev start` (`node packages/dev-stack/src/start.ts`) as a process: it reads `.env` under the process
// environment and passes the settings and the OTEL_* variables through to the services.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStartCommand, type StartCommand } from './start-command.ts';
import { generateKeySpec } from '@li-bus/sealing';
import {
  startNats,
  startOtlpReceiver,
  startRedis,
  waitFor,
  type ManagedServer,
  type OtlpReceiver,
} from '@li-bus/testkit';

const API_KEY = 'start-settings-key-0123456789abcdef';
const LIMITED_KEY = 'start-settings-limited-0123456789'; // a rate-limit bucket of its own
const TOKEN_KEYS = generateKeySpec('settings');
const SERVER = 2;

describe('./dev start honours its settings', () => {
  let nats: ManagedServer;
  let redis: ManagedServer;
  let receiver: OtlpReceiver;
  let root: string;
  let start: StartCommand | undefined;
  let gatewayUrl: string;
  let output: string[] = [];

  beforeAll(async () => {
    [nats, redis, receiver] = await Promise.all([startNats(), startRedis(), startOtlpReceiver()]);
    root = await mkdtemp(join(tmpdir(), 'dev-start-'));
    // The developer's settings file. Its OTLP endpoint points nowhere: the process environment must win.
    await writeFile(
      join(root, '.env'),
      [
        'RATE_LIMIT_PER_MINUTE=3',
        `GATEWAY_API_KEYS=${API_KEY}:tenant-a,${LIMITED_KEY}:tenant-a`,
        `TOKEN_ENCRYPTION_KEYS=${TOKEN_KEYS}`,
        'OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9/nowhere',
        'OTEL_SERVICE_NAME=one-name-for-all',
        'LINKEDIN_CLIENT_ID=',
        '',
      ].join('\n'),
    );
    start = await runStartCommand(root, {
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    output = start.output;
    gatewayUrl = start.gatewayUrl;
  });

  afterAll(async () => {
    await start?.stop();
    await Promise.all([nats?.close(), redis?.close(), receiver?.close()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('says which .env it read, and where the secrets came from, without their values', () => {
    expect(output).toContain(
      `[start] read settings from ${join(root, '.env')} (6 variables; the environment wins for OTEL_EXPORTER_OTLP_ENDPOINT)`,
    );
    expect(output).toContain('[start] TOKEN_ENCRYPTION_KEYS from .env, GATEWAY_API_KEYS from .env');
    const printed = output.join('\n');
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(LIMITED_KEY);
    expect(printed).not.toContain(TOKEN_KEYS.split(':')[1]);
  });

  it('passes the OTLP endpoint of the process environment to every service, each under its own name', async () => {
    const listing = await fetch(`${gatewayUrl}/v1/connections?tenantId=tenant-a`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(listing.status).toBe(200);
    const gatewaySpan = await waitFor(
      () =>
        receiver.spans.find(
          (span) => span.service === 'auth-gateway' && span.kind === SERVER && span.name.startsWith('GET'),
        ),
      { timeoutMs: 15_000, message: 'no HTTP server span from auth-gateway reached the OTLP endpoint' },
    );
    const keeperSpan = await waitFor(
      () =>
        receiver.spans.find(
          (span) => span.traceId === gatewaySpan.traceId && span.service === 'token-keeper',
        ),
      { timeoutMs: 15_000, message: 'no token-keeper span in the listing trace' },
    );
    expect(keeperSpan.service).toBe('token-keeper');
    expect(receiver.spans.filter((span) => span.service === 'one-name-for-all')).toEqual([]);
  });

  it('applies a setting from .env: RATE_LIMIT_PER_MINUTE=3 answers the 4th request of a minute with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${gatewayUrl}/v1/connections?tenantId=tenant-a`, {
        headers: { authorization: `Bearer ${LIMITED_KEY}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
