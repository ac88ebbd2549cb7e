export { spawnService, serviceEntry } from './service-process.ts';
export type { ServiceName, ServiceProcess, SpawnServiceOptions } from './service-process.ts';
export { startServices, serviceEnv, SERVICE_NAMES } from './stack.ts';
export type { Stack, StackOptions } from './stack.ts';
