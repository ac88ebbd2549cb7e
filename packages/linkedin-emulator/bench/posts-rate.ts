// Sustained `POST /rest/posts` rate of the emulator: `node packages/linkedin-emulator/bench/posts-rate.ts`.
// The emulator runs in its own process (src/main.ts, like `pnpm start`), so client and server do not share a
// CPU. Tunables: BENCH_SECONDS (5), BENCH_CONNECTIONS (8), BENCH_PIPELINING (4), BENCH_CONCURRENCY (64).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Pool, request } from 'undici';
import { currentApiVersion } from '../src/versions.ts';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 8);
const PIPELINING = Number(process.env['BENCH_PIPELINING'] ?? 4);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const REDIRECT_URI = 'http://localhost:8080/oauth/linkedin/callback';

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) {
      child.stdout.resume();
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
          if (child.exitCode === null) await once(child, 'exit');
        },
      };
    }
  }
  throw new Error(`emulator exited before listening:\n${output}`);
}

async function json<T>(url: string, init: Parameters<typeof request>[1]): Promise<T> {
  const res = await request(url, init);
  return (await res.body.json()) as T;
}

async function accessToken(url: string): Promise<{ token: string; author: string }> {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: 'emulator-client-id',
    redirect_uri: REDIRECT_URI,
    scope: 'openid w_member_social',
    emulator_decision: 'allow',
  });
  const consent = await request(`${url}/oauth/v2/authorization?${query.toString()}`);
  await consent.body.dump();
  const code = new URL(String(consent.headers['location'])).searchParams.get('code') ?? '';
  const tokens = await json<{ access_token: string }>(`${url}/oauth/v2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: 'emulator-client-id',
      client_secret: 'emulator-client-secret',
    }).toString(),
  });
  const me = await json<{ sub: string }>(`${url}/v2/userinfo`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  return { token: tokens.access_token, author: `urn:li:person:${me.sub}` };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const server = await startServer();
try {
  await request(`${server.url}/_emulator/app`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ memberDailyCreateLimit: 1e12, appDailyCreateLimit: 1e12 }),
  }).then((res) => res.body.dump());
  const { token, author } = await accessToken(server.url);
  const headers = {
    authorization: `Bearer ${token}`,
    'linkedin-version': currentApiVersion(Date.now()),
    'x-restli-protocol-version': '2.0.0',
    'content-type': 'application/json',
  };
  const pool = new Pool(server.url, { connections: CONNECTIONS, pipelining: PIPELINING });
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  let sequence = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;

  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      sequence += 1;
      const body = JSON.stringify({
        author,
        commentary: `Benchmark post ${sequence} \\(unique\\) #bench`,
        visibility: 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      });
      const t0 = performance.now();
      const res = await pool.request({ method: 'POST', path: '/rest/posts', headers, body });
      await res.body.dump();
      latencies.push(performance.now() - t0);
      if (res.statusCode !== 201) failures.set(res.statusCode, (failures.get(res.statusCode) ?? 0) + 1);
    }
  }

  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  const quota = await json<{ apps: Record<string, number> }>(`${server.url}/_emulator/quotas`, {});
  latencies.sort((a, b) => a - b);
  const created = latencies.length - [...failures.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `POST /rest/posts for ${elapsed.toFixed(1)} s (${CONNECTIONS} connections, pipelining ${PIPELINING}, ${CONCURRENCY} in flight)`,
    `  sustained: ${(created / elapsed).toFixed(0)} posts/s (${created} created, emulator counted ${quota.apps['emulator-client-id'] ?? 0})`,
    `  latency:   p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    `  failures:  ${failures.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(failures))}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failures.size > 0) process.exitCode = 1;
} finally {
  await server.stop();
}
