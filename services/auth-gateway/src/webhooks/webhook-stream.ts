import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { WEBHOOK_STREAM } from '@li-bus/contracts';

/**
 * The gateway's `WEBHOOKS` stream of delivery jobs: work-queue retention (a job is gone once its delivery ended),
 * kept at most 48 h (the 24 h retry window and a margin), 256 MiB, new jobs refused when full (the fan-out then
 * retries its event), repeats of a delivery id dropped for an hour.
 */
export async function ensureWebhookStream(
  nc: NatsConnection,
  options: { replicas?: number } = {},
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config: Partial<StreamConfig> & { name: string } = {
    name: WEBHOOK_STREAM.name,
    subjects: [...WEBHOOK_STREAM.subjects],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: options.replicas ?? 1,
    max_age: nanos(48 * 3600_000),
    max_bytes: 256 * 1024 * 1024,
    discard: DiscardPolicy.New,
    duplicate_window: nanos(3600_000),
  };
  const exists = await jsm.streams.info(WEBHOOK_STREAM.name).then(
    () => true,
    () => false,
  );
  if (exists) await jsm.streams.update(WEBHOOK_STREAM.name, config);
  else await jsm.streams.add(config);
}
