import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { request } from 'undici';
import { connectNats, ensureStreams, serveTokenKeeper, TokensGetError } from '@li-bus/messaging';
import { spawnEmulator } from '@li-bus/linkedin-emulator';
import { createKeyring, generateKeySpec, type Keyring } from '@li-bus/sealing';
import { startNats, type ManagedServer } from '@li-bus/testkit';
import { emulatorAccessToken, REDIRECT_URI } from '../test/harness.ts';

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

/** Real NATS, the emulator with quotas raised, a token, and a stand-in token-keeper answering `tokens.get`. */
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
  const reply = {
    connectionId,
    tenantId: 'bench',
    accessToken: keyring.seal(accessToken, connectionId),
    accessTokenExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
    member: { sub, name: 'Bench Member' },
    organizations: [],
    scopes: ['openid', 'w_member_social'],
    status: 'active' as const,
  };
  const service = await serveTokenKeeper(nc, {
    version: '0.0.0-bench',
    logger: pino({ level: 'silent' }),
    handlers: {
      'tokens.get': async (req) => {
        if (req.connectionId !== connectionId) throw new TokensGetError('not_found');
        return reply;
      },
      'tokens.status': async () => {
        throw new TokensGetError('not_found');
      },
      'tokens.list': async () => ({ connections: [] }),
    },
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
