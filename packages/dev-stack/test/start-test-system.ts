// The whole system for tests and scenarios, without any test runner: real NATS and Redis (testkit), the
// emulator, and the three services as processes. `./system.ts` adds the vitest hooks.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { freePort, startNats, startRedis, type ManagedServer } from '@li-bus/testkit';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '@li-bus/linkedin-emulator';
import { generateKeySpec } from '@li-bus/sealing';
import { startServices, type Stack, type StackOptions } from '../src/index.ts';

export const API_KEY = 'test-api-key-0123456789abcdef';
export const RETURN_TO = 'https://app.example.test/linkedin/done';

export interface TestSystem {
  nats: ManagedServer;
  redis: ManagedServer;
  emulator: RunningEmulator;
  stack: Stack;
  gatewayUrl: string;
  /** Every line any service logged, prefixed with its name. */
  logs: string[];
  /** The `TOKEN_ENCRYPTION_KEYS` the services got (to open what they sealed, in tests). */
  tokenEncryptionKeys: string;
  /** A NATS client of the test's own, on the system's server. */
  nc: NatsConnection;
  close(): Promise<void>;
}

/** The emulator of a test system: `options` added, its redirect URI the callback of the gateway at `publicOrigin`. */
export function startTestEmulator(
  publicOrigin: string,
  options: StartEmulatorOptions = {},
): Promise<RunningEmulator> {
  return startEmulator({
    logger: false,
    ...options,
    app: { ...options.app, redirectUris: [`${publicOrigin}/oauth/linkedin/callback`] },
  });
}

/**
 * The stack options of a test system, but for ports and logging: its servers, the emulator as LinkedIn, the
 * test API key (tenant `tenant-a`) and the return-to allowlist.
 */
export function testStackOptions(parts: {
  natsUrl: string;
  redisUrl: string;
  emulator: RunningEmulator;
  publicOrigin: string;
  tokenEncryptionKeys: string;
}): Omit<StackOptions, 'ports'> {
  const { emulator } = parts;
  return {
    natsUrl: parts.natsUrl,
    redisUrl: parts.redisUrl,
    linkedin: {
      authBase: emulator.url,
      apiBase: emulator.url,
      clientId: emulator.app.clientId,
      clientSecret: emulator.app.clientSecret,
    },
    publicOrigin: parts.publicOrigin,
    tokenEncryptionKeys: parts.tokenEncryptionKeys,
    gatewayApiKeys: `${API_KEY}:tenant-a`,
    returnToAllowlist: RETURN_TO,
  };
}

/**
 * Real NATS and Redis (testkit), the emulator, and the three services as separate processes. `emulator` adds
 * emulator options (e.g. `secretValues`); its redirect URI is always the gateway's callback.
 */
export async function startTestSystem(
  overrides: Partial<StackOptions> = {},
  emulatorOptions: StartEmulatorOptions = {},
): Promise<TestSystem> {
  const [nats, redis] = await Promise.all([startNats(), startRedis()]);
  const ports = {
    'auth-gateway': await freePort(),
    'token-keeper': await freePort(),
    publisher: await freePort(),
  };
  const publicOrigin = `http://127.0.0.1:${ports['auth-gateway']}`;
  const emulator = await startTestEmulator(publicOrigin, emulatorOptions);
  const logs: string[] = [];
  const tokenEncryptionKeys = generateKeySpec('test');
  const stack = await startServices({
    ...testStackOptions({
      natsUrl: nats.url,
      redisUrl: redis.url,
      emulator,
      publicOrigin,
      tokenEncryptionKeys,
    }),
    ports,
    logLevel: 'debug',
    onLine: (name, line) => logs.push(`[${name}] ${line}`),
    ...overrides,
  }).catch(async (error: unknown) => {
    await Promise.all([emulator.close(), nats.close(), redis.close()]);
    throw error;
  });
  const nc = await connect({ servers: nats.url });
  return {
    nc,
    nats,
    redis,
    emulator,
    stack,
    gatewayUrl: publicOrigin,
    logs,
    tokenEncryptionKeys,
    async close() {
      await nc.close();
      await stack.stop();
      await Promise.all([emulator.close(), nats.close(), redis.close()]);
    },
  };
}
