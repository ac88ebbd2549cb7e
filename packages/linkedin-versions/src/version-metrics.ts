import { Counter, Gauge, type Registry } from 'prom-client';
import { expectedSunset } from './expected-sunset.ts';

export interface VersionMetrics {
  inUse(version: string): void;
  refusal(version: string): void;
  changed(from: string, to: string): void;
}

/**
 * `li_bus_linkedin_version_sunset_timestamp_seconds{version}` (expected sunset of each configured version),
 * `li_bus_linkedin_version_in_use{version}` (1 for the one this process sends), `li_bus_linkedin_version_refusals_total`
 * (426s this process got) and `li_bus_linkedin_version_changes_total{from,to}` (switches this process recorded).
 */
export function createVersionMetrics(registry: Registry, configured: readonly string[]): VersionMetrics {
  // One set per registry, whoever asks first (a test may build several services' deps on one registry).
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  const sunset =
    existing<Gauge>('li_bus_linkedin_version_sunset_timestamp_seconds') ??
    new Gauge({
      name: 'li_bus_linkedin_version_sunset_timestamp_seconds',
      help: 'Expected sunset of each configured LinkedIn-Version (LinkedIn policy: about a year after its month)',
      labelNames: ['version'],
      registers: [registry],
    });
  const inUse =
    existing<Gauge>('li_bus_linkedin_version_in_use') ??
    new Gauge({
      name: 'li_bus_linkedin_version_in_use',
      help: 'The LinkedIn-Version this process sends now (1) among the configured ones',
      labelNames: ['version'],
      registers: [registry],
    });
  const refusals =
    existing<Counter>('li_bus_linkedin_version_refusals_total') ??
    new Counter({
      name: 'li_bus_linkedin_version_refusals_total',
      help: 'LinkedIn 426 answers (version not active) this process received',
      labelNames: ['version'],
      registers: [registry],
    });
  const changes =
    existing<Counter>('li_bus_linkedin_version_changes_total') ??
    new Counter({
      name: 'li_bus_linkedin_version_changes_total',
      help: 'Switches to the next configured LinkedIn-Version recorded by this process after a 426',
      labelNames: ['from', 'to'],
      registers: [registry],
    });
  for (const version of configured) {
    sunset.set({ version }, Math.floor(expectedSunset(version).at / 1000));
    inUse.set({ version }, 0);
  }
  return {
    inUse(version) {
      for (const other of configured) inUse.set({ version: other }, other === version ? 1 : 0);
    },
    refusal: (version) => refusals.inc({ version }),
    changed: (from, to) => changes.inc({ from, to }),
  };
}
