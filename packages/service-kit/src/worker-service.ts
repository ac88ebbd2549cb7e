import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createHttpApp, type HttpApp } from './http-app.ts';
import { registerOpsRoutes } from './ops-routes.ts';
import { createReadiness, type ReadinessState } from './readiness.ts';

/** A service whose work comes from the bus; HTTP is only its probes and metrics. */
export interface WorkerService {
  http: HttpApp;
  readiness: ReadinessState;
  /** Starts consumers and endpoints. */
  start(): Promise<void>;
  /** Readiness to 503, stops intake and waits for in-flight work (the caller then drains NATS). */
  stop(): Promise<void>;
}

/**
 * The probes-and-metrics HTTP app of a worker service, ready while every probe holds: `main.ts` listens with it
 * on `METRICS_PORT` and with a `createProbeApp` of the same readiness on `PORT`.
 */
export function createOpsApp(logger: Logger, probes: Record<string, () => boolean>, registry?: Registry) {
  const readiness = createReadiness(probes);
  const http = createHttpApp(logger);
  registerOpsRoutes(http, { readiness, ...(registry ? { metrics: () => registry.metrics() } : {}) });
  return { http, readiness };
}
