// NATS, Redis, the emulator and several replicas of token-keeper and auth-gateway, each its own process with its
// own port on the same NATS and Redis (the refresh race needs more than one of each). No publisher.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { serviceEnv, spawnService, type ServiceProcess, type StackOptions } from '@li-bus/dev-stack';
import { startTestEmulator, testStackOptions } from '@li-bus/dev-stack/system';
import type { RunningEmulator } from '@li-bus/linkedin-emulator';
import { generateKeySpec } from '@li-bus/sealing';
import { freePort, startNats, startRedis, type ManagedServer } from '@li-bus/testkit';

export interface ReplicaSystem {
  nats: ManagedServer;
  redis: ManagedServer;
  emulator: RunningEmulator;
  /** The first gateway's origin (the registered redirect URI points at it). */
  gatewayUrl: string;
  tokenEncryptionKeys: string;
  nc: NatsConnection;
  keepers: ServiceProcess[];
  gateways: ServiceProcess[];
  /** Stops every keeper (SIGTERM, drained) and starts `count` new ones with `env` added to their environment. */
  replaceKeepers(count: number, env?: Record<string, string>): Promise<void>;
  /** The last lines the services logged (warn and above). */
  logTail(lines?: number): string;
  close(): Promise<void>;
}

export interface ReplicaSystemOptions {
  keepers: number;
  gateways: number;
  keeperEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
}

const TAIL = 500;

export async function startReplicaSystem(options: ReplicaSystemOptions): Promise<ReplicaSystem> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const keepers: ServiceProcess[] = [];
  const gateways: ServiceProcess[] = [];
  const tail: string[] = [];
  const onLine = (name: string, line: string) => {
    tail.push(`[${name}] ${line}`);
    if (tail.length > TAIL) tail.shift();
  };
  const close = async () => {
    for (const service of [...gateways, ...keepers]) await service.stop().catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const [nats, redis] = await Promise.all([startNats(), startRedis()]);
    cleanups.push(
      () => nats.close(),
      () => redis.close(),
    );
    const gatewayPorts = await Promise.all(Array.from({ length: options.gateways }, () => freePort()));
    const gatewayUrl = `http://127.0.0.1:${gatewayPorts[0]}`;
    const emulator = await startTestEmulator(gatewayUrl);
    cleanups.push(() => emulator.close());
    const tokenEncryptionKeys = generateKeySpec('replicas');
    const stack: StackOptions = {
      ...testStackOptions({
        natsUrl: nats.url,
        redisUrl: redis.url,
        emulator,
        publicOrigin: gatewayUrl,
        tokenEncryptionKeys,
      }),
      ports: { 'auth-gateway': 0, 'token-keeper': 0, publisher: 0 },
      logLevel: 'warn',
    };
    const spawnKeepers = async (count: number, env: Record<string, string>) => {
      const started = await Promise.all(
        Array.from({ length: count }, async () =>
          spawnService({
            name: 'token-keeper',
            port: await freePort(),
            env: { ...serviceEnv(stack, 'token-keeper'), ...env },
            onLine,
          }),
        ),
      );
      keepers.push(...started);
    };
    await spawnKeepers(options.keepers, options.keeperEnv ?? {});
    for (const port of gatewayPorts) {
      gateways.push(
        await spawnService({
          name: 'auth-gateway',
          port,
          env: {
            ...serviceEnv(stack, 'auth-gateway'),
            RATE_LIMIT_PER_MINUTE: '1000000',
            ...options.gatewayEnv,
          },
          onLine,
        }),
      );
    }
    const nc = await connect({ servers: nats.url, name: 'reliability-replicas' });
    cleanups.push(() => nc.close());
    return {
      nats,
      redis,
      emulator,
      gatewayUrl,
      tokenEncryptionKeys,
      nc,
      keepers,
      gateways,
      async replaceKeepers(count, env = {}) {
        const old = keepers.splice(0);
        await Promise.all(old.map((keeper) => keeper.stop()));
        await spawnKeepers(count, { ...options.keeperEnv, ...env });
      },
      logTail: (lines = 40) => tail.slice(-lines).join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
