/**
 * Callback throughput: the gateway's full `GET /oauth/linkedin/callback` (state take, code exchange, member from
 * the id_token, earlier grants ended, sealing, `token.issued` on JetStream, token-keeper's confirmation) next to
 * a bare Fastify route doing only the one token-exchange call, both against the LinkedIn emulator, in
 * alternating rounds. The ratio is the figure. Every server runs in its own process (`bench-process.ts`): the
 * gateway, the bare route, the token-keeper stand-in and the emulator; this process is only the client, so each
 * side's CPU per request is its server's alone.
 */
import { request } from 'undici';
import { spawnEmulator } from '@li-bus/linkedin-emulator';
import { freePort } from '@li-bus/testkit';
import type { BenchProcess } from './bench-process.ts';
import { spawnBare } from './bare-process.ts';
import { EMULATOR_APP, spawnGateway, type GatewayProcessReady } from './gateway-process.ts';
import { spawnTokenKeeper } from './token-keeper-process.ts';

const cookieNamed = (setCookie: string | string[] | undefined, name: string) =>
  [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`)) ?? '';

/** The self-serve start as a browser does it: the connect page's form (token + cookie), then LinkedIn's URL. */
async function confirmedStart(gatewayUrl: string): Promise<{ linkedinUrl: URL; cookie: string }> {
  const page = await request(`${gatewayUrl}/connect`);
  const html = await page.body.text();
  const token = /name="kind" value="member"><input type="hidden" name="token" value="([^"]+)"/.exec(
    html,
  )?.[1];
  const confirm = await request(`${gatewayUrl}/oauth/linkedin/start`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieNamed(page.headers['set-cookie'], 'li_confirm'),
    },
    body: new URLSearchParams({ kind: 'member', token: token ?? '' }).toString(),
  });
  await confirm.body.dump();
  if (confirm.statusCode !== 303) throw new Error(`confirm answered ${confirm.statusCode}`);
  return {
    linkedinUrl: new URL(String(confirm.headers.location)),
    cookie: cookieNamed(confirm.headers['set-cookie'], 'li_connect'),
  };
}

export interface CallbackOptions {
  /** Callbacks per side, split over the rounds. */
  requests: number;
  concurrency: number;
  rounds: number;
  /**
   * The bare route also makes one request/reply round trip to token-keeper after the exchange, as the callback
   * waits for token-keeper's `tokens.await` confirmation (read your writes) after its own.
   */
  bareKeeperRoundTrip?: boolean;
  /** `node --cpu-prof` for the gateway, bare route and stand-in processes, their profiles written there. */
  profileDir?: string | undefined;
  progress?: (line: string) => void;
}

export interface CallbackRound {
  /** Requests per second, one figure per round. */
  rate: number;
  failures: number;
  /** CPU of the side's server process (the gateway, or the bare route) per request (ms), from `/proc`. */
  cpuMs: number | undefined;
  /** CPU of the token-keeper stand-in's process per request (ms). */
  keeperCpuMs: number | undefined;
  /** CPU of the client (this process) per request (ms). */
  clientCpuMs: number;
}

export interface CallbackFigures {
  bare: CallbackRound[];
  gateway: CallbackRound[];
}

const perRequest = (before: number | undefined, after: number | undefined, requests: number) =>
  before !== undefined && after !== undefined ? (after - before) / requests : undefined;

async function run(
  urls: { url: string; cookie?: string }[],
  concurrency: number,
  server: BenchProcess<unknown>,
  keeper: BenchProcess<unknown>,
): Promise<CallbackRound> {
  let next = 0;
  let failures = 0;
  const [serverCpu, keeperCpu] = await Promise.all([server.cpuMs(), keeper.cpuMs()]);
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < urls.length; i = next++) {
        const item = urls[i];
        if (!item) continue;
        const response = await request(item.url, { headers: item.cookie ? { cookie: item.cookie } : {} });
        await response.body.dump();
        if (response.statusCode >= 400) failures++;
      }
    }),
  );
  const rate = urls.length / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  const [serverUsed, keeperUsed] = await Promise.all([server.cpuMs(), keeper.cpuMs()]);
  return {
    rate,
    failures,
    cpuMs: perRequest(serverCpu, serverUsed, urls.length),
    keeperCpuMs: perRequest(keeperCpu, keeperUsed, urls.length),
    clientCpuMs: (used.user + used.system) / 1000 / urls.length,
  };
}

async function codeFor(authorizeUrl: URL): Promise<URL> {
  authorizeUrl.searchParams.set('emulator_decision', 'allow');
  const consent = await request(authorizeUrl);
  await consent.body.dump();
  return new URL(String(consent.headers.location));
}

export async function measureCallback(options: CallbackOptions): Promise<CallbackFigures> {
  const progress = options.progress ?? (() => undefined);
  const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  // The gateway port is only known once it listens, so the emulator is told the redirect URI afterwards.
  const gatewayPort = await freePort();
  const redirectUri = `http://127.0.0.1:${gatewayPort}/oauth/linkedin/callback`;
  const emulator = await spawnEmulator({ EMULATOR_REDIRECT_URIS: redirectUri });
  const servers: BenchProcess<unknown>[] = [];
  try {
    const gatewayProcess = await spawnGateway(gatewayPort, emulator.url, nodeArgs);
    servers.push(gatewayProcess);
    const gateway: GatewayProcessReady = gatewayProcess.ready;
    const keeper = await spawnTokenKeeper(gateway.natsUrl, nodeArgs);
    servers.push(keeper);
    const app = {
      ...EMULATOR_APP,
      redirectUri,
      authBase: emulator.url,
      apiBase: emulator.url,
      timeoutMs: gateway.timeoutMs,
    };
    const bare = await spawnBare(
      { app, natsUrl: gateway.natsUrl, keeperRoundTrip: options.bareKeeperRoundTrip === true },
      nodeArgs,
    );
    servers.push(bare);

    /** One round's connect flows per side, consented in advance (state and cookie for the gateway). */
    async function prepare(count: number, round: number) {
      const gatewayCalls: { url: string; cookie: string }[] = [];
      const bareCalls: { url: string }[] = [];
      for (let i = 0; i < count; i++) {
        const { linkedinUrl, cookie } = await confirmedStart(gateway.url);
        const callback = await codeFor(linkedinUrl);
        gatewayCalls.push({ url: `${gateway.url}${callback.pathname}${callback.search}`, cookie });
        const direct = new URL('/oauth/v2/authorization', emulator.url);
        direct.search = new URLSearchParams({
          response_type: 'code',
          client_id: app.clientId,
          redirect_uri: redirectUri,
          state: `s${round}-${i}`,
          scope: gateway.memberScopes.join(' '),
        }).toString();
        const bareCallback = await codeFor(direct);
        const code = encodeURIComponent(bareCallback.searchParams.get('code') ?? '');
        bareCalls.push({ url: `${bare.ready.url}/bare/callback?code=${code}` });
      }
      return { gatewayCalls, bareCalls };
    }

    // Alternating rounds (and which side goes first), so outside load on a shared machine hits both alike. The
    // emulator is reset before each round: its code exchange looks through every token it has issued, so
    // thousands of earlier grants would slow the later rounds of both sides.
    const per = Math.floor(options.requests / options.rounds);
    const figures: CallbackFigures = { bare: [], gateway: [] };
    // A first round that is not counted: both servers run their paths compiled (JIT) before anything is measured.
    await request(`${emulator.url}/_emulator/reset`, { method: 'POST' }).then((r) => r.body.dump());
    const warmUp = await prepare(Math.min(per, 200), -1);
    await run(warmUp.bareCalls, options.concurrency, bare, keeper);
    await run(warmUp.gatewayCalls, options.concurrency, gatewayProcess, keeper);
    for (let round = 0; round < options.rounds; round++) {
      await request(`${emulator.url}/_emulator/reset`, { method: 'POST' }).then((r) => r.body.dump());
      const { gatewayCalls, bareCalls } = await prepare(per, round);
      const sides = [
        async () => figures.bare.push(await run(bareCalls, options.concurrency, bare, keeper)),
        async () =>
          figures.gateway.push(await run(gatewayCalls, options.concurrency, gatewayProcess, keeper)),
      ];
      if (round % 2 === 1) sides.reverse();
      for (const side of sides) await side();
      const last = (xs: CallbackRound[]) => Math.round(xs.at(-1)?.rate ?? 0);
      progress(
        `callback round ${round + 1}/${options.rounds}: bare ${last(figures.bare)}/s, gateway ${last(figures.gateway)}/s`,
      );
    }
    return figures;
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await emulator.stop();
  }
}
