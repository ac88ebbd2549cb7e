import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Gauge, type Registry } from 'prom-client';

/**
 * Backlog gauges read from JetStream consumer info at scrape time: `nats_consumer_pending` (not yet delivered),
 * `nats_consumer_ack_pending` (delivered, not acknowledged) and `nats_consumer_redelivered`.
 */
export function registerConsumerMetrics(
  registry: Registry,
  nc: NatsConnection,
  consumers: { stream: string; durable: string }[],
): void {
  const labelNames = ['stream', 'consumer'] as const;
  // The first gauge's collect reads every consumer; the registry serialises the others after it.
  const pending: Gauge<'stream' | 'consumer'> = new Gauge({
    name: 'nats_consumer_pending',
    help: 'Messages not yet delivered',
    labelNames,
    registers: [registry],
    collect: async () => {
      try {
        const jsm = await jetstreamManager(nc);
        for (const { stream, durable } of consumers) {
          const info = await jsm.consumers.info(stream, durable);
          const labels = { stream, consumer: durable };
          pending.set(labels, info.num_pending);
          ackPending.set(labels, info.num_ack_pending);
          redelivered.set(labels, info.num_redelivered);
        }
        up.set(1);
      } catch {
        up.set(0);
      }
    },
  });
  const ackPending = new Gauge({
    name: 'nats_consumer_ack_pending',
    help: 'Delivered, not yet acknowledged',
    labelNames,
    registers: [registry],
  });
  const redelivered = new Gauge({
    name: 'nats_consumer_redelivered',
    help: 'Messages redelivered at least once',
    labelNames,
    registers: [registry],
  });
  const up = new Gauge({
    name: 'nats_consumer_info_up',
    help: '1 when consumer info could be read at the last scrape',
    registers: [registry],
  });
}
