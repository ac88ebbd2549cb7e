export type { ManagedServer } from './managed-server.ts';
export { startNats, type StartNatsOptions } from './start-nats.ts';
export { startRedis, type StartRedisOptions } from './start-redis.ts';
export { freePort } from './free-port.ts';
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { isPortOpen } from './is-port-open.ts';
export { spawnNatsServer, type SpawnNatsServerOptions } from './nats-server.ts';
export {
  currentNatsServerBin,
  FETCHED_NATS_SERVER,
  natsServerBin,
  natsServerBinVersion,
  oldNatsServerBin,
} from './nats-server-bin.ts';
export { readNatsServerVersion, requireCurrentNatsServerAt } from './nats-server-info.ts';
export { MIN_NATS_SERVER_VERSION, NatsServerTooOldError, natsVersionAtLeast } from './nats-server-version.ts';
export { spawnRedisServer, type SpawnRedisServerOptions } from './redis-server.ts';
export type { SpawnedServer } from './spawn-server.ts';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';
export {
  startNatsCluster,
  type NatsCluster,
  type NatsClusterNode,
  type NatsClusterOptions,
} from './nats-cluster.ts';
export { createCleanupStack, CleanupError, type CleanupStack, type CleanupStep } from './cleanup-stack.ts';
export { useHarness, type Defer, type HarnessSetup, type SuiteHooks } from './use-harness.ts';
export { startNatsWithConnection, type NatsWithConnection } from './nats-connection.ts';
export { startWebhookReceiver, type WebhookReceiver, type ReceivedCall } from './webhook-receiver.ts';
