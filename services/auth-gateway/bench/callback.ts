/**
 * Callback throughput: the gateway's full `GET /oauth/linkedin/callback` (state take, code exchange, userinfo,
 * sealing, `token.issued` on JetStream) next to a bare Fastify route doing only the one token-exchange call,
 * both against the LinkedIn emulator running in its own process, in alternating rounds. The ratio is the figure.
 */
import Fastify from 'fastify';
import { request } from 'undici';
import { spawnEmulator } from '@li-bus/linkedin-emulator';
import { createNatsTokenKeeperClient } from '@li-bus/token-keeper-client';
import { freePort } from '@li-bus/testkit';
import { exchangeCode } from '../src/linkedin/oauth-client.ts';
import { linkedInAppFor } from '../src/linkedin/apps.ts';
import { startListeningGateway } from '../test/listening-gateway.ts';

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
  progress?: (line: string) => void;
}

export interface CallbackRound {
  /** Requests per second, one figure per round. */
  rate: number;
  failures: number;
  /** CPU of this process (client, gateway or bare route, token-keeper stand-in) per request (ms). */
  cpuMs: number;
}

export interface CallbackFigures {
  bare: CallbackRound[];
  gateway: CallbackRound[];
}

async function run(urls: { url: string; cookie?: string }[], concurrency: number): Promise<CallbackRound> {
  let next = 0;
  let failures = 0;
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
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / urls.length;
  return { rate: urls.length / ((performance.now() - started) / 1000), failures, cpuMs };
}

async function codeFor(authorizeUrl: URL): Promise<URL> {
  authorizeUrl.searchParams.set('emulator_decision', 'allow');
  const consent = await request(authorizeUrl);
  await consent.body.dump();
  return new URL(String(consent.headers.location));
}

export async function measureCallback(options: CallbackOptions): Promise<CallbackFigures> {
  const progress = options.progress ?? (() => undefined);
  // The gateway port is only known once it listens, so the emulator is told the redirect URI afterwards.
  const gatewayPort = await freePort();
  const redirectUri = `http://127.0.0.1:${gatewayPort}/oauth/linkedin/callback`;
  const emulator = await spawnEmulator({ EMULATOR_REDIRECT_URIS: redirectUri });
  const gateway = await startListeningGateway({
    port: gatewayPort,
    emulator: { url: emulator.url, clientId: 'emulator-client-id', clientSecret: 'emulator-client-secret' },
  });
  const bare = Fastify();
  try {
    const app = linkedInAppFor(gateway.config, 'member');
    const keeper = createNatsTokenKeeperClient(gateway.nc);
    bare.get<{ Querystring: { code?: string } }>('/bare/callback', async (req) => {
      const grant = await exchangeCode(app, req.query.code ?? '');
      // Answered `not_found` by the same token-keeper stand-in the gateway waits on: one round trip.
      if (options.bareKeeperRoundTrip) await keeper.status('conn_bench_round_trip').catch(() => undefined);
      return { ok: grant.expiresInSeconds > 0 };
    });
    const barePort = await freePort();
    await bare.listen({ port: barePort, host: '127.0.0.1' });

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
          scope: app.scopes.join(' '),
        }).toString();
        const bareCallback = await codeFor(direct);
        const code = encodeURIComponent(bareCallback.searchParams.get('code') ?? '');
        bareCalls.push({ url: `http://127.0.0.1:${barePort}/bare/callback?code=${code}` });
      }
      return { gatewayCalls, bareCalls };
    }

    // Alternating rounds (and which side goes first), so outside load on a shared machine hits both alike. The
    // emulator is reset before each round: its code exchange looks through every token it has issued, so
    // thousands of earlier grants would slow the later rounds of both sides.
    const per = Math.floor(options.requests / options.rounds);
    const figures: CallbackFigures = { bare: [], gateway: [] };
    for (let round = 0; round < options.rounds; round++) {
      await request(`${emulator.url}/_emulator/reset`, { method: 'POST' }).then((r) => r.body.dump());
      const { gatewayCalls, bareCalls } = await prepare(per, round);
      const sides = [
        async () => figures.bare.push(await run(bareCalls, options.concurrency)),
        async () => figures.gateway.push(await run(gatewayCalls, options.concurrency)),
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
    await bare.close();
    await gateway.close();
    await emulator.stop();
  }
}
