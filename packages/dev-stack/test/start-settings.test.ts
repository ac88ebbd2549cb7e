// `./dev start` (`node packages/dev-stack/src/start.ts`) as a process: it reads `.env` under the process
// environment and passes the settings and the OTEL_* variables through to the services.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeySpec } from '@li-bus/sealing';
import {
  freePort,
  startNats,
  startOtlpReceiver,
  startRedis,
  waitFor,
  type ManagedServer,
  type OtlpReceiver,
} from '@li-bus/testkit';

const START = fileURLToPath(new URL('../src/start.ts', import.meta.url));
const API_KEY = 'start-settings-key-0123456789abcdef';
const LIMITED_KEY = 'start-settings-limited-0123456789'; // a rate-limit bucket of its own
const TOKEN_KEYS = generateKeySpec('settings');
const SERVER = 2;

describe('./dev start honours its settings', () => {
  let nats: ManagedServer;
  let redis: ManagedServer;
  let receiver: OtlpReceiver;
  let root: string;
  let start: ChildProcess;
  let gatewayUrl: string;
  const output: string[] = [];

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
    const [gateway, keeper, publisher, emulator, ...metrics] = await Promise.all(
      Array.from({ length: 7 }, () => freePort()),
    );
    gatewayUrl = `http://127.0.0.1:${gateway}`;
    start = spawn(process.execPath, [START, '--root', root], {
      env: {
        PATH: process.env['PATH'] ?? '',
        NATS_URL: nats.url,
        REDIS_URL: redis.url,
        LINKEDIN_REDIRECT_URI: `${gatewayUrl}/oauth/linkedin/callback`,
        TOKEN_KEEPER_PORT: String(keeper),
        PUBLISHER_PORT: String(publisher),
        EMULATOR_PORT: String(emulator),
        GATEWAY_METRICS_PORT: String(metrics[0]),
        TOKEN_KEEPER_METRICS_PORT: String(metrics[1]),
        PUBLISHER_METRICS_PORT: String(metrics[2]),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [start.stdout, start.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => output.push(line));
    }
    await waitFor(
      () => {
        if (start.exitCode !== null)
          throw new Error(`start exited (${start.exitCode}):\n${output.join('\n')}`);
        return output.some((line) => line.includes('LinkedIn publishing is up.'));
      },
      { timeoutMs: 50_000, message: 'the start command did not come up' },
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`, { cause: error });
    });
  });

  afterAll(async () => {
    if (start && start.exitCode === null && start.signalCode === null) {
      const exited = once(start, 'exit');
      start.kill('SIGTERM');
      await exited;
    }
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
