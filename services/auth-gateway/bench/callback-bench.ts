/**
 * Callback throughput: the gateway's full `GET /oauth/linkedin/callback` (state take, code exchange, userinfo,
 * sealing, `token.issued` on JetStream) next to a bare Fastify route doing only the one token-exchange call,
 * both against the LinkedIn emulator running in its own process. The ratio is the figure.
 * `BENCH_REQUESTS` (600) per side, `BENCH_CONCURRENCY` (16), `BENCH_ROUNDS` (3).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { request } from 'undici';
import { freePort, isPortOpen, waitFor } from '@li-bus/testkit';
import { exchangeCode } from '../src/linkedin/oauth-client.ts';
import { linkedInAppFor } from '../src/linkedin/apps.ts';
import { startListeningGateway } from '../test/listening-gateway.ts';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 600);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

async function startEmulatorProcess(redirectUri: string) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('../../../packages/linkedin-emulator/src/main.ts', import.meta.url))],
    {
      env: { ...process.env, PORT: String(port), EMULATOR_REDIRECT_URIS: redirectUri, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  await waitFor(() => isPortOpen('127.0.0.1', port), {
    timeoutMs: 15_000,
    message: 'emulator did not start',
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function run(label: string, urls: { url: string; cookie?: string }[]) {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < urls.length; i = next++) {
        const item = urls[i];
        if (!item) continue;
        const response = await request(item.url, { headers: item.cookie ? { cookie: item.cookie } : {} });
        await response.body.dump();
        if (response.statusCode >= 400) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = urls.length / seconds;
  console.log(
    `${label.padEnd(34)} ${rate.toFixed(0).padStart(6)} req/s  (${urls.length} in ${seconds.toFixed(2)} s, ${failures} failed)`,
  );
  return rate;
}

// The gateway port is only known once it listens, so the emulator is told the redirect URI afterwards.
const gatewayPort = await freePort();
const redirectUri = `http://127.0.0.1:${gatewayPort}/oauth/linkedin/callback`;
const emulator = await startEmulatorProcess(redirectUri);
const gateway = await startListeningGateway({
  port: gatewayPort,
  emulator: { url: emulator.url, clientId: 'emulator-client-id', clientSecret: 'emulator-client-secret' },
});

const bare = Fastify();
const app = linkedInAppFor(gateway.config, 'member');
bare.get<{ Querystring: { code?: string } }>('/bare/callback', async (req) => {
  const grant = await exchangeCode(app, req.query.code ?? '');
  return { ok: grant.expiresInSeconds > 0 };
});
const barePort = await freePort();
await bare.listen({ port: barePort, host: '127.0.0.1' });

async function codeFor(authorizeUrl: URL): Promise<URL> {
  authorizeUrl.searchParams.set('emulator_decision', 'allow');
  const consent = await request(authorizeUrl);
  await consent.body.dump();
  return new URL(String(consent.headers.location));
}

console.log(`preparing ${REQUESTS} connect flows per side…`);
const gatewayCalls: { url: string; cookie: string }[] = [];
const bareCalls: { url: string }[] = [];
for (let i = 0; i < REQUESTS; i++) {
  const start = await request(`${gateway.url}/oauth/linkedin/start?kind=member`);
  await start.body.dump();
  const cookie = String(start.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  const callback = await codeFor(new URL(String(start.headers.location)));
  gatewayCalls.push({ url: `${gateway.url}${callback.pathname}${callback.search}`, cookie });
  const direct = new URL('/oauth/v2/authorization', emulator.url);
  direct.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: redirectUri,
    state: `s${i}`,
    scope: app.scopes.join(' '),
  }).toString();
  const bareCallback = await codeFor(direct);
  bareCalls.push({
    url: `http://127.0.0.1:${barePort}/bare/callback?code=${encodeURIComponent(bareCallback.searchParams.get('code') ?? '')}`,
  });
}

// Alternating rounds, so outside load on a shared machine hits both sides alike; medians are reported.
console.log(`concurrency ${CONCURRENCY}, ${ROUNDS} alternating rounds`);
const per = Math.floor(REQUESTS / ROUNDS);
const bareRates: number[] = [];
const gatewayRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const slice = <T>(items: T[]) => items.slice(round * per, (round + 1) * per);
  bareRates.push(await run(`bare Fastify (token exchange only) #${round + 1}`, slice(bareCalls)));
  gatewayRates.push(await run(`gateway /oauth/linkedin/callback #${round + 1}`, slice(gatewayCalls)));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(
  `median: bare ${median(bareRates).toFixed(0)} req/s, gateway ${median(gatewayRates).toFixed(0)} req/s, ` +
    `ratio gateway / bare ${(median(gatewayRates) / median(bareRates)).toFixed(2)}`,
);

await bare.close();
await gateway.close();
emulator.stop();
