// `pnpm start`: the whole system on the embedded defaults (emulator as LinkedIn, local NATS and Redis).
import { fileURLToPath } from 'node:url';
import { STABLE_DEFAULT_IDS, startEmulator, type RunningEmulator } from '@li-bus/linkedin-emulator';
import { loadDevSecrets } from './dev-secrets.ts';
import { ensureInfrastructure } from './infrastructure.ts';
import { startServices } from './stack.ts';

const env = process.env;
const say = (line: string) => console.log(`[start] ${line}`);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = `${root}.data`;
const natsUrl = env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redirectUri = env['LINKEDIN_REDIRECT_URI'] ?? 'http://localhost:8080/oauth/linkedin/callback';
const publicOrigin = new URL(redirectUri).origin;

const infrastructure = await ensureInfrastructure(natsUrl, redisUrl, dataDir, say);
const secrets = await loadDevSecrets(`${dataDir}/dev-secrets.json`);
let emulator: RunningEmulator | undefined;
let linkedin;
if (env['LINKEDIN_CLIENT_ID']) {
  linkedin = {
    clientId: env['LINKEDIN_CLIENT_ID'],
    clientSecret: env['LINKEDIN_CLIENT_SECRET'] ?? '',
    authBase: env['LINKEDIN_AUTH_BASE'] ?? 'https://www.linkedin.com',
    apiBase: env['LINKEDIN_API_BASE'] ?? 'https://api.linkedin.com',
  };
  say(`LINKEDIN_CLIENT_ID is set: talking to ${linkedin.authBase} and ${linkedin.apiBase}, no emulator`);
} else {
  emulator = await startEmulator({
    port: Number(env['EMULATOR_PORT'] ?? 8090),
    logger: false,
    defaultIds: STABLE_DEFAULT_IDS,
    app: { redirectUris: [redirectUri] },
  });
  linkedin = { ...emulator.app, authBase: emulator.url, apiBase: emulator.url };
  say(`LinkedIn emulator at ${emulator.url} (member: ${emulator.defaultMember.name})`);
}

const stack = await startServices({
  natsUrl,
  redisUrl,
  linkedin: { ...linkedin, ...(env['LINKEDIN_VERSION'] ? { version: env['LINKEDIN_VERSION'] } : {}) },
  ports: {
    'auth-gateway': Number(new URL(publicOrigin).port || 8080),
    'token-keeper': 8081,
    publisher: 8082,
  },
  publicOrigin,
  tokenEncryptionKeys: env['TOKEN_ENCRYPTION_KEYS'] ?? secrets.tokenEncryptionKeys,
  gatewayApiKeys: env['GATEWAY_API_KEYS'] ?? secrets.gatewayApiKeys,
  ...(env['RETURN_TO_ALLOWLIST'] ? { returnToAllowlist: env['RETURN_TO_ALLOWLIST'] } : {}),
  logLevel: env['LOG_LEVEL'] ?? 'info',
  onLine: (name, line) => console.log(`[${name}] ${line}`),
}).catch(async (error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  await emulator?.close();
  await infrastructure.stop();
  process.exit(1);
});

console.log(`
  LinkedIn publishing is up.
  1. Connect a LinkedIn member:   ${publicOrigin}/connect
  2. Send a post:                 pnpm cli post --connection <connectionId> --text "Hello from the bus"
  3. List connections:            pnpm cli connections
  ${emulator ? `Emulator posts:                ${emulator.url}/_emulator/posts` : ''}
  The development API key is in .data/dev-secrets.json. Stop with Ctrl-C.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    say('stopping');
    void (async () => {
      await stack.stop();
      await emulator?.close();
      await infrastructure.stop();
      process.exit(0);
    })();
  });
}
