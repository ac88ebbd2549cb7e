/**
 * The baseline in its own process: a bare Fastify route making only the code exchange (the gateway's own
 * `exchangeCode`), and with `keeperRoundTrip` one token-keeper round trip after it, as the callback waits for
 * token-keeper's `tokens.await` confirmation. `node bare-process.ts <options JSON>`.
 */
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { pino } from 'pino';
import { connectNats } from '@li-bus/messaging';
import { createNatsTokenKeeperClient } from '@li-bus/token-keeper-client';
import { freePort } from '@li-bus/testkit';
import { exchangeCode, type LinkedInApp } from '../src/linkedin/oauth-client.ts';
import { serveUntilTerminated, spawnBenchProcess } from './bench-process.ts';

export interface BareOptions {
  app: LinkedInApp;
  natsUrl: string;
  keeperRoundTrip: boolean;
}

export const spawnBare = (options: BareOptions, nodeArgs: string[] = []) =>
  spawnBenchProcess<{ url: string }>(fileURLToPath(import.meta.url), [JSON.stringify(options)], nodeArgs);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = JSON.parse(process.argv[2] ?? '{}') as BareOptions;
  const nc = await connectNats({ url: options.natsUrl, name: 'bare', logger: pino({ level: 'silent' }) });
  const keeper = createNatsTokenKeeperClient(nc);
  const bare = Fastify();
  bare.get<{ Querystring: { code?: string } }>('/bare/callback', async (req) => {
    const grant = await exchangeCode(options.app, req.query.code ?? '');
    // Answered `not_found` by the token-keeper stand-in the gateway waits on: one round trip.
    if (options.keeperRoundTrip) await keeper.status('conn_bench_round_trip').catch(() => undefined);
    return { ok: grant.expiresInSeconds > 0 };
  });
  const port = await freePort();
  await bare.listen({ port, host: '127.0.0.1' });
  serveUntilTerminated({ url: `http://127.0.0.1:${port}` }, async () => {
    await bare.close();
    await nc.close();
  });
}
