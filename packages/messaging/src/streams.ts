import { jetstreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '@li-bus/contracts';

export interface StreamOptions {
  replicas: number;
  maxAgeSeconds: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped by the server. */
  duplicateWindowSeconds: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  replicas: 1,
  maxAgeSeconds: 14 * 24 * 3600,
  duplicateWindowSeconds: 24 * 3600,
};

/** Creates or updates the design's streams (`POSTS`, `TOKENS`), file storage, limits retention. */
export async function ensureStreams(nc: NatsConnection, options: StreamOptions = DEFAULT_STREAM_OPTIONS) {
  const jsm = await jetstreamManager(nc);
  for (const stream of Object.values(STREAMS)) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: stream.name,
      subjects: [...stream.subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: options.replicas,
      max_age: nanos(options.maxAgeSeconds * 1000),
      duplicate_window: nanos(options.duplicateWindowSeconds * 1000),
    };
    const exists = await jsm.streams.info(stream.name).then(
      () => true,
      () => false,
    );
    if (exists) await jsm.streams.update(stream.name, config);
    else await jsm.streams.add(config);
  }
}
