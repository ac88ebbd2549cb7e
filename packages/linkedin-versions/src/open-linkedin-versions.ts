import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventPublisher } from '@li-bus/messaging';
import { createLinkedInVersions, type LinkedInVersions, type RefusalOf } from './linkedin-versions.ts';
import { createKvRefusalStore } from './refusal-store.ts';
import { startSunsetWatch, type SunsetWatch } from './sunset-watch.ts';
import { createVersionMetrics } from './version-metrics.ts';

/** A service's wiring: the shared refusal state in NATS KV, metrics, the event, and the daily sunset check. */
export async function openLinkedInVersions(options: {
  nc: NatsConnection;
  configured: readonly string[];
  refusalOf: RefusalOf;
  events: EventPublisher;
  registry: Registry;
  logger: Logger;
  service: string;
  replicas?: number;
}): Promise<{ versions: LinkedInVersions; watch: SunsetWatch }> {
  const versions = createLinkedInVersions({
    ...options,
    store: await createKvRefusalStore(options.nc, {
      ...(options.replicas ? { replicas: options.replicas } : {}),
    }),
    metrics: createVersionMetrics(options.registry, options.configured),
  });
  return { versions, watch: startSunsetWatch({ versions, logger: options.logger }) };
}
