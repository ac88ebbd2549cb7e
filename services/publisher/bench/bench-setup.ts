import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { request } from 'undici';
import { ensureStreams, serveTokenKeeper, TokensGetError } from '@li-bus/messaging';
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
  close(): Promise<void>;
}

/** The emulator in its own process (like the emulator's own bench), so it does not share our CPU. */
async function startEmulatorProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const main = fileURLToPath(new URL('../../../packages/linkedin-emulator/src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      EMULATOR_REDIRECT_URIS: REDIRECT_URI,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) {
      child.stdout.resume();
      const stop = async () => {
        child.kill('SIGTERM');
        if (child.exitCode === null) await once(child, 'exit');
      };
      return { url, stop };
    }
  }
  throw new Error(`emulator exited before listening:\n${output}`);
}

/** Real NATS, the emulator with quotas raised, a token, and a stand-in token-keeper answering `tokens.get`. */
export async function startBenchInfra(connectionId: string): Promise<BenchInfra> {
  const nats = await startNats();
  const nc = await connect({ servers: nats.url });
  await ensureStreams(nc);
  const emulator = await startEmulatorProcess();
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
    async close() {
      await service.stop();
      await nc.close();
      await emulator.stop();
      await nats.close();
    },
  };
}
