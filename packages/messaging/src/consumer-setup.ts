import { AckPolicy, DeliverPolicy, jetstreamManager, type ConsumerConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

export interface DurableSpec {
  stream: string;
  durable: string;
  subject: string;
  ackWaitMs: number;
  maxAckPending: number;
}

/** Creates the durable pull consumer, or updates it when its settings changed. */
export async function ensureDurableConsumer(nc: NatsConnection, spec: DurableSpec): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: spec.subject,
    ack_wait: nanos(spec.ackWaitMs),
    // Attempts are counted by the consumer policy, which ends every message with an outcome; the server
    // must never silently stop redelivering.
    max_deliver: -1,
    max_ack_pending: spec.maxAckPending,
  };
  const existing = await jsm.consumers.info(spec.stream, spec.durable).catch(() => null);
  if (existing) await jsm.consumers.update(spec.stream, spec.durable, config);
  else await jsm.consumers.add(spec.stream, config);
}
