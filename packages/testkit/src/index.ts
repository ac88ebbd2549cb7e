export type { ManagedServer } from './managed-server.ts';
export { startNats, type StartNatsOptions } from './start-nats.ts';
export { startRedis, type StartRedisOptions } from './start-redis.ts';
export { freePort } from './free-port.ts';
export { waitFor, type WaitForOptions } from './wait-for.ts';
export { isPortOpen } from './is-port-open.ts';
export { spawnNatsServer, type SpawnNatsServerOptions } from './nats-server.ts';
export { spawnRedisServer, type SpawnRedisServerOptions } from './redis-server.ts';
export type { SpawnedServer } from './spawn-server.ts';
export { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';
export {
  startNatsCluster,
  type NatsCluster,
  type NatsClusterNode,
  type NatsClusterOptions,
} from './nats-cluster.ts';
