import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { connectNats, ensureStreams } from '@li-bus/messaging';
import { generateKeySpec } from '@li-bus/sealing';
import type { HttpApp } from '@li-bus/service-kit';
import { startEmulator, type RunningEmulator } from '@li-bus/linkedin-emulator';
import { freePort, startNats, type ManagedServer } from '@li-bus/testkit';
import { buildApp } from '../src/app.ts';
import { createGatewayDeps } from '../src/create-deps.ts';
import { loadConfig, type GatewayConfig } from '../src/config.ts';
import { startInMemoryTokenKeeper } from './in-memory-token-keeper.ts';

export interface ListeningGateway {
  url: string;
  app: HttpApp;
  config: GatewayConfig;
  /** The emulator started for this gateway (none when `LINKEDIN_AUTH_BASE` was given). */
  emulator: RunningEmulator;
  nc: NatsConnection;
  natsUrl: string;
  close(): Promise<void>;
}

/** A gateway on a real port (for browsers and benchmarks) with real NATS and a listening emulator. */
export async function startListeningGateway(
  options: {
    port?: number;
    emulator?: { url: string; clientId: string; clientSecret: string };
    /** false: no token-keeper stand-in on the gateway's connection (a benchmark runs its own, elsewhere). */
    tokenKeeper?: boolean;
  } = {},
): Promise<ListeningGateway> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const nats: ManagedServer = await startNats();
  const logger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
  // Connected as the services connect (main.ts), so benchmarks measure the NATS client settings they run with.
  const nc = await connectNats({ url: nats.url, name: 'auth-gateway', logger });
  await ensureStreams(nc);
  // A connect completes once token-keeper confirms the stored connection (tokens.await): a stand-in answers.
  const keeper = options.tokenKeeper === false ? undefined : await startInMemoryTokenKeeper(nc);
  const emulator = await startEmulator({ app: { redirectUris: [`${url}/oauth/linkedin/callback`] } });
  const target = options.emulator ?? { url: emulator.url, ...emulator.app };
  const keySpec = generateKeySpec('test');
  const config = loadConfig({
    NATS_URL: nats.url,
    LINKEDIN_CLIENT_ID: target.clientId,
    LINKEDIN_CLIENT_SECRET: target.clientSecret,
    LINKEDIN_REDIRECT_URI: `${url}/oauth/linkedin/callback`,
    LINKEDIN_AUTH_BASE: target.url,
    LINKEDIN_API_BASE: target.url,
    TOKEN_ENCRYPTION_KEYS: keySpec,
    GATEWAY_API_KEYS: 'bench-and-browser-key-0123:*',
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Browser tests register clients the way any agent would (the default is protected).
    OAUTH_REGISTRATION: 'open',
  });
  const app = await buildApp(await createGatewayDeps(nc, config, { logger }));
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app,
    config,
    emulator,
    nc,
    natsUrl: nats.url,
    async close() {
      await app.close();
      await keeper?.stop();
      await emulator.close();
      await nc.close();
      await nats.close();
    },
  };
}
