import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createHttpApp, type HttpApp } from './http-app.ts';
import { registerOpsRoutes, type Readiness } from './ops-routes.ts';

/**
 * The operator HTTP app every service listens with on `METRICS_PORT` (never exposed by a public Service):
 * `/metrics`, plus `/healthz` and `/readyz` for whoever scrapes there.
 */
export function createOperatorApp(
  logger: Logger,
  deps: { readiness: Readiness; registry: Registry },
): HttpApp {
  const http = createHttpApp(logger.child({ port: 'operator' }));
  registerOpsRoutes(http, { readiness: deps.readiness, metrics: () => deps.registry.metrics() });
  return http;
}

/** The probes-only app a worker listens with on its main `PORT` (`/healthz`, `/readyz`; no `/metrics`). */
export function createProbeApp(logger: Logger, readiness: Readiness): HttpApp {
  const http = createHttpApp(logger);
  registerOpsRoutes(http, { readiness });
  return http;
}
