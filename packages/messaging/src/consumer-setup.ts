import { AckPolicy, DeliverPolicy, jetstreamManager, type ConsumerConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

export interface DurableSpec {
  stream: string;
  durable: string;
  /** One filter subject, or several (`filter_subjects`). */
  subject: string | readonly string[];
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
    ...filterOf(spec.subject),
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

/** `filter_subject` for one subject, `filter_subjects` for several (nats-server 2.10+). */
function filterOf(subject: string | readonly string[]): Partial<ConsumerConfig> {
  if (typeof subject === 'string') return { filter_subject: subject };
  if (subject.length === 1) return { filter_subject: subject[0]! };
  return { filter_subjects: [...subject] };
}
