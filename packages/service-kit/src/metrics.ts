import { collectDefaultMetrics, Registry } from 'prom-client';

export type { Registry } from 'prom-client';
export { Counter, Gauge, Histogram } from 'prom-client';

/** One Prometheus registry per process, with Node's default metrics and a `service` label on everything. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
