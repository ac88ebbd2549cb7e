// `pnpm start`: the whole system on the embedded defaults (emulator as LinkedIn, local NATS and Redis).
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STABLE_DEFAULT_IDS, startEmulator, type RunningEmulator } from '@li-bus/linkedin-emulator';
import { loadDevSecrets } from './dev-secrets.ts';
import { ensureInfrastructure } from './infrastructure.ts';
import { describeOrigin, describeSettingsFile, loadSettings, sharedServiceEnv } from './settings.ts';
import { startServices } from './stack.ts';

const say = (line: string) => console.log(`[start] ${line}`);
// `--root <dir>`: where `.env` and `.data/` are (default: the repository root).
const args = parseArgs({ options: { root: { type: 'string' } } }).values;
const root = resolve(args.root ?? fileURLToPath(new URL('../../../', import.meta.url)));
const settings = await loadSettings(root, process.env);
const env = settings.values;
say(describeSettingsFile(settings, root));
const dataDir = join(root, '.data');
const natsUrl = env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const redisUrl = env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redirectUri = env['LINKEDIN_REDIRECT_URI'] ?? 'http://localhost:8080/oauth/linkedin/callback';
const publicOrigin = new URL(redirectUri).origin;

const infrastructure = await ensureInfrastructure(natsUrl, redisUrl, dataDir, say);
const secrets = await loadDevSecrets(`${dataDir}/dev-secrets.json`);
const generated = 'generated (.data/dev-secrets.json)';
say(
  ['TOKEN_ENCRYPTION_KEYS', 'GATEWAY_API_KEYS']
    .map((key) => describeOrigin(settings, key, generated))
    .join(', '),
);
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
  // The server actually used: NATS_URL, or the start command's own when the one there is older than 2.12.
  natsUrl: infrastructure.natsUrl,
  redisUrl,
  linkedin: { ...linkedin, ...(env['LINKEDIN_VERSION'] ? { version: env['LINKEDIN_VERSION'] } : {}) },
  ports: {
    'auth-gateway': Number(new URL(publicOrigin).port || 8080),
    'token-keeper': Number(env['TOKEN_KEEPER_PORT'] ?? 8081),
    publisher: Number(env['PUBLISHER_PORT'] ?? 8082),
  },
  // Operator ports (METRICS_PORT of each service): /metrics is served there, not on the ports above.
  metricsPorts: {
    'auth-gateway': Number(env['GATEWAY_METRICS_PORT'] ?? 9080),
    'token-keeper': Number(env['TOKEN_KEEPER_METRICS_PORT'] ?? 9081),
    publisher: Number(env['PUBLISHER_METRICS_PORT'] ?? 9082),
  },
  publicOrigin,
  tokenEncryptionKeys: env['TOKEN_ENCRYPTION_KEYS'] ?? secrets.tokenEncryptionKeys,
  gatewayApiKeys: env['GATEWAY_API_KEYS'] ?? secrets.gatewayApiKeys,
  ...(env['RETURN_TO_ALLOWLIST'] ? { returnToAllowlist: env['RETURN_TO_ALLOWLIST'] } : {}),
  logLevel: env['LOG_LEVEL'] ?? 'info',
  // Every setting (`.env` and the environment) reaches every service; what the start command chose for LinkedIn
  // (the emulator without LINKEDIN_CLIENT_ID), REDIS_URL and the API keys wins over it.
  commonEnv: sharedServiceEnv(settings),
  // Local development: MCP clients and agents register themselves (RFC 7591) without an API key, as the README's
  // quick start expects. Deployments keep the gateway's default, `protected`. `.env` or the environment may override.
  env: { 'auth-gateway': { OAUTH_REGISTRATION: env['OAUTH_REGISTRATION'] ?? 'open' } },
  onLine: (name, line) => console.log(`[${name}] ${line}`),
}).catch(async (error: unknown) => {
  console.error(`[start] ${(error as Error).message}`);
  await emulator?.close();
  await infrastructure.stop();
  process.exit(1);
});

// What the CLI needs to work on this stack without settings (no secret: the keys stay in dev-secrets.json). The
// NATS URL only when it is a server of the start command's own (the one at NATS_URL may carry credentials).
const devStackFile = join(dataDir, 'dev-stack.env');
await writeFile(
  devStackFile,
  [
    ...(infrastructure.natsUrl === natsUrl ? [] : [`NATS_URL=${infrastructure.natsUrl}`]),
    `LINKEDIN_API_BASE=${linkedin.apiBase}`,
    ...(env['LINKEDIN_VERSION'] ? [`LINKEDIN_VERSION=${env['LINKEDIN_VERSION']}`] : []),
    '',
  ].join('\n'),
);
console.log(`
  LinkedIn publishing is up.
  1. Connect a LinkedIn member:   ${publicOrigin}/connect
  2. Send a post:                 pnpm cli post --connection <connectionId> --text "Hello from the bus"
  3. List connections:            pnpm cli connections
  Metrics:                       ${Object.values(stack.services)
    .map((service) => `${service.metricsUrl}/metrics (${service.name})`)
    .join(', ')}
  ${emulator ? `Emulator posts:                ${emulator.url}/_emulator/posts` : ''}
  ${settings.sourceOf('GATEWAY_API_KEYS') ? 'API keys: GATEWAY_API_KEYS' : 'The development API key is in .data/dev-secrets.json'}. Stop with Ctrl-C.
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
      await rm(devStackFile, { force: true });
      process.exit(0);
    })();
  });
}
