export { parseConfig, ConfigError, env } from './config.ts';
export { createLogger, redactUrl, REDACT_PATHS } from './logger.ts';
export type { LoggerConfig } from './logger.ts';
export { registerOpsRoutes } from './ops-routes.ts';
export type { Readiness } from './ops-routes.ts';
export { createReadiness } from './readiness.ts';
export type { ReadinessState } from './readiness.ts';
export { bootstrapService } from './bootstrap.ts';
export type { BootstrapConfig, DurableConsumerRef, ServiceRuntime } from './bootstrap.ts';
export { installShutdown, runSteps } from './shutdown.ts';
export type { ShutdownStep } from './shutdown.ts';
export { createHttpApp } from './http-app.ts';
export type { HttpApp } from './http-app.ts';
export { createOpsApp } from './worker-service.ts';
export { createOperatorApp, createProbeApp } from './operator-app.ts';
export type { WorkerService } from './worker-service.ts';
export { createMetricsRegistry, Counter, Gauge, Histogram } from './metrics.ts';
export type { Registry } from './metrics.ts';
export {
  registerHttpMetrics,
  registerHttpClientMetrics,
  uncountedHttpRequest,
  pathTemplate,
} from './http-metrics.ts';
