// The emulator's sustained `POST /rest/posts` rate, from a client in this process to the emulator in its own
// (so the two do not share a CPU): the ceiling any pipeline posting to it can reach.
import { Pool, request } from 'undici';
import { spawnEmulator } from '../src/spawn-emulator.ts';
import { currentApiVersion } from '../src/versions.ts';
import { textPostBody } from '../src/text-post-body.ts';
import { grantAccessToken } from '../src/direct-grant.ts';

export interface PostsRateOptions {
  seconds: number;
  connections: number;
  pipelining: number;
  concurrency: number;
}

export interface PostsRateFigures {
  seconds: number;
  created: number;
  /** What the emulator itself counted for the app. */
  counted: number;
  postsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-201 answers by status. */
  failures: Record<number, number>;
}

const REDIRECT_URI = 'http://localhost:8080/oauth/linkedin/callback';

async function json<T>(url: string, init: Parameters<typeof request>[1]): Promise<T> {
  const res = await request(url, init);
  return (await res.body.json()) as T;
}

async function accessToken(url: string): Promise<{ token: string; author: string }> {
  // The spawned emulator runs with its built-in app.
  const app = { clientId: 'emulator-client-id', clientSecret: 'emulator-client-secret' };
  const token = await grantAccessToken(
    { url, app },
    { redirectUri: REDIRECT_URI, scope: 'openid w_member_social' },
  );
  const me = await json<{ sub: string }>(`${url}/v2/userinfo`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { token, author: `urn:li:person:${me.sub}` };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function measurePostsRate(options: PostsRateOptions): Promise<PostsRateFigures> {
  const server = await spawnEmulator();
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
    const pool = new Pool(server.url, { connections: options.connections, pipelining: options.pipelining });
    const latencies: number[] = [];
    const failures: Record<number, number> = {};
    let sequence = 0;
    const started = performance.now();
    const deadline = started + options.seconds * 1000;

    async function worker(): Promise<void> {
      while (performance.now() < deadline) {
        sequence += 1;
        const body = JSON.stringify(textPostBody(author, `Benchmark post ${sequence} \\(unique\\) #bench`));
        const t0 = performance.now();
        const res = await pool.request({ method: 'POST', path: '/rest/posts', headers, body });
        await res.body.dump();
        latencies.push(performance.now() - t0);
        if (res.statusCode !== 201) failures[res.statusCode] = (failures[res.statusCode] ?? 0) + 1;
      }
    }

    await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
    const seconds = (performance.now() - started) / 1000;
    await pool.close();
    const quota = await json<{ apps: Record<string, number> }>(`${server.url}/_emulator/quotas`, {});
    latencies.sort((a, b) => a - b);
    const created = latencies.length - Object.values(failures).reduce((a, b) => a + b, 0);
    return {
      seconds,
      created,
      counted: quota.apps['emulator-client-id'] ?? 0,
      postsPerSecond: created / seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      failures,
    };
  } finally {
    await server.stop();
  }
}
