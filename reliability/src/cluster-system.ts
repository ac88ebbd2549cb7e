// The whole system on a 3-node NATS cluster: nodes from `@li-bus/testkit` (local processes), streams and KV
// buckets at replicas 3 (`STREAM_REPLICAS`), every service and client given every node (`NATS_URL` list).
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startEmulator, type RunningEmulator } from '@li-bus/linkedin-emulator';
import { startServices, type ServiceName, type Stack } from '@li-bus/dev-stack';
import { API_KEY, RETURN_TO } from '@li-bus/dev-stack/system';
import { parseNatsUrl } from '@li-bus/messaging';
import { generateKeySpec } from '@li-bus/sealing';
import {
  freePort,
  startNatsCluster,
  startRedis,
  type ManagedServer,
  type NatsCluster,
  type NatsClusterOptions,
} from '@li-bus/testkit';

export interface ClusterSystem {
  cluster: NatsCluster;
  redis: ManagedServer;
  emulator: RunningEmulator;
  stack: Stack;
  gatewayUrl: string;
  /** A client of the scenario's own, given every node and never giving up reconnecting. */
  nc: NatsConnection;
  close(): Promise<void>;
}

export interface ClusterSystemOptions {
  cluster?: NatsClusterOptions;
  /** Per-service environment additions (e.g. the publisher's retry delays). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** The scenario's own client's name, as the servers list it (`/connz`). */
  clientName?: string;
}

/** A client that reconnects forever, like the services' `connectNats`. */
export function connectToCluster(cluster: NatsCluster, name: string): Promise<NatsConnection> {
  return connect({
    ...parseNatsUrl(cluster.url),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
}

export async function startClusterSystem(options: ClusterSystemOptions = {}): Promise<ClusterSystem> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const cluster = await startNatsCluster(options.cluster);
    cleanups.push(() => cluster.close());
    const redis = await startRedis();
    cleanups.push(() => redis.close());
    const ports = {
      'auth-gateway': await freePort(),
      'token-keeper': await freePort(),
      publisher: await freePort(),
    };
    const gatewayUrl = `http://127.0.0.1:${ports['auth-gateway']}`;
    const emulator = await startEmulator({
      logger: false,
      app: { redirectUris: [`${gatewayUrl}/oauth/linkedin/callback`] },
    });
    cleanups.push(() => emulator.close());
    const stack = await startServices({
      natsUrl: cluster.url,
      redisUrl: redis.url,
      linkedin: {
        authBase: emulator.url,
        apiBase: emulator.url,
        clientId: emulator.app.clientId,
        clientSecret: emulator.app.clientSecret,
      },
      ports,
      publicOrigin: gatewayUrl,
      tokenEncryptionKeys: generateKeySpec('cluster'),
      gatewayApiKeys: `${API_KEY}:tenant-a`,
      returnToAllowlist: RETURN_TO,
      logLevel: 'warn',
      commonEnv: { STREAM_REPLICAS: '3' },
      ...(options.env ? { env: options.env } : {}),
    });
    cleanups.push(() => stack.stop());
    const nc = await connectToCluster(cluster, options.clientName ?? 'reliability');
    cleanups.push(() => nc.close());
    return { cluster, redis, emulator, stack, gatewayUrl, nc, close };
  } catch (error) {
    await close();
    throw error;
  }
}
