import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { request } from 'undici';
import { connectNats, ensureStreams } from '@li-bus/messaging';
import { createInMemoryTokenKeeper, handlersOf, serveTokenKeeper } from '@li-bus/token-keeper-client';
import { spawnEmulator } from '@li-bus/linkedin-emulator';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import { startNats, type ManagedServer } from '@li-bus/testkit';
import { emulatorAccessToken, REDIRECT_URI } from './emulator-token.ts';

export interface BenchInfra {
  nats: ManagedServer;
  nc: NatsConnection;
  emulatorUrl: string;
  /** A real emulator access token, plaintext (for the bare baseline) and how token-keeper hands it out. */
  accessToken: string;
  keyring: Keyring;
  memberUrn: string;
  connectionId: string;
  close(): Promise<void>;
}

/** Real NATS, the emulator with quotas raised, a token, and the in-memory token-keeper answering `tokens.*`. */
export async function startBenchInfra(connectionId: string): Promise<BenchInfra> {
  const nats = await startNats();
  // Connected as the services connect (their client options), so the figures are theirs.
  const nc = await connectNats({ url: nats.url, name: 'publisher-bench', logger: pino({ level: 'silent' }) });
  await ensureStreams(nc);
  // The emulator in its own process (like the emulator's own bench), so it does not share our CPU.
  const emulator = await spawnEmulator({ EMULATOR_REDIRECT_URIS: REDIRECT_URI });
  await request(`${emulator.url}/_emulator/app`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ memberDailyCreateLimit: 10_000_000, appDailyCreateLimit: 10_000_000 }),
  }).then((r) => r.body.dump());
  const app = { clientId: 'emulator-client-id', clientSecret: 'emulator-client-secret' };
  const accessToken = await emulatorAccessToken({ url: emulator.url, app });
  const userinfo = await request(`${emulator.url}/v2/userinfo`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const { sub } = (await userinfo.body.json()) as { sub: string };
  const keyring = createKeyring(generateKeySpec('bench'));
  const keeper = createInMemoryTokenKeeper();
  keeper.store({
    connectionId,
    tenantId: 'bench',
    accessToken: keyring.seal(accessToken, connectionId),
    accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
    member: { sub, name: 'Bench Member' },
    organizations: [],
    scopes: ['openid', 'w_member_social'],
    issuedAt: new Date().toISOString(),
  });
  const service = await serveTokenKeeper(nc, {
    version: '0.0.0-bench',
    logger: pino({ level: 'silent' }),
    handlers: handlersOf(keeper),
  });
  return {
    nats,
    nc,
    emulatorUrl: emulator.url,
    accessToken,
    keyring,
    memberUrn: `urn:li:person:${sub}`,
    connectionId,
    async close() {
      await service.stop();
      await nc.close();
      await emulator.stop();
      await nats.close();
    },
  };
}
