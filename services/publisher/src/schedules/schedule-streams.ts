import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUCKET_MAX_BYTES } from '@li-bus/messaging';
import {
  SCHEDULES_STREAM,
  SCHEDULES_SUBJECTS,
  WAITING_STREAM,
  WAITING_SUBJECTS,
} from './schedule-subjects.ts';

export interface ScheduleStreamOptions {
  replicas: number;
  /** Size limit of the schedules stream (default 1 GiB: a million waiting posts of about 1 KB). */
  maxBytes?: number;
}

/**
 * The publisher's own streams, created at start (nats-server 2.12+). Separate from POSTS because the server
 * turns schedules on only for an empty stream. Work-queue retention: a schedule message is removed when it
 * fires, and the fired copy when the `publisher-due` consumer acks it, so the stream holds exactly what waits.
 *
 * The server refuses `discard: new` for both kinds (schedules, counters), so these discard old when full:
 * the limit is sized far above `PUBLISH_MAX_SCHEDULED_PER_CONNECTION` for a few tenants, and operators alert
 * on the stream's bytes (docs/operations.md) before a waiting post could be dropped.
 */
export async function ensureScheduleStreams(
  nc: NatsConnection,
  options: ScheduleStreamOptions,
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const streams: (Partial<StreamConfig> & { name: string })[] = [
    {
      name: SCHEDULES_STREAM,
      subjects: [...SCHEDULES_SUBJECTS],
      retention: RetentionPolicy.Workqueue,
      allow_msg_schedules: true,
      max_bytes: options.maxBytes ?? BUCKET_MAX_BYTES.large,
    },
    {
      // One counter per connection; only its last value matters.
      name: WAITING_STREAM,
      subjects: [...WAITING_SUBJECTS],
      retention: RetentionPolicy.Limits,
      allow_msg_counter: true,
      allow_direct: true,
      max_msgs_per_subject: 1,
      max_bytes: BUCKET_MAX_BYTES.small,
    },
  ];
  for (const stream of streams) {
    const config = {
      ...stream,
      storage: StorageType.File,
      num_replicas: options.replicas,
      discard: DiscardPolicy.Old,
    };
    const exists = await jsm.streams.info(stream.name).then(
      () => true,
      () => false,
    );
    if (exists) await jsm.streams.update(stream.name, config);
    else await jsm.streams.add(config);
  }
}
