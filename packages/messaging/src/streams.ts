import {
  DiscardPolicy,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '@li-bus/contracts';

export interface StreamOptions {
  replicas: number;
  maxAgeSeconds: number;
  /** Window in which a repeated `Nats-Msg-Id` is dropped by the server. */
  duplicateWindowSeconds: number;
  /** Size limits in bytes; a full stream refuses new messages (publishers see the error, nothing is dropped). */
  maxBytes?: Partial<Record<keyof typeof STREAMS, number>>;
}

const MIB = 1024 * 1024;

/**
 * POSTS: 14 days of commands and outcomes (~5 KB each: some 400,000 posts); TOKENS: 14 days of lifecycle events.
 * The server reserves every limit up front: streams, buckets and the media store together stay well under the
 * 10 GB `max_file_store` of deploy/nats/nats.conf (see docs/security.md for the table).
 */
export const DEFAULT_STREAM_MAX_BYTES: Record<keyof typeof STREAMS, number> = {
  posts: 2048 * MIB,
  tokens: 512 * MIB,
  /** `linkedin.version.changed`: a few events a year. */
  linkedin: 16 * MIB,
};

export const DEFAULT_STREAM_OPTIONS: StreamOptions = {
  replicas: 1,
  maxAgeSeconds: 14 * 24 * 3600,
  duplicateWindowSeconds: 24 * 3600,
};

/** Creates or updates the design's streams (`POSTS`, `TOKENS`, `LINKEDIN`), file storage, limits retention, size-limited. */
export async function ensureStreams(nc: NatsConnection, options: StreamOptions = DEFAULT_STREAM_OPTIONS) {
  const jsm = await jetstreamManager(nc);
  for (const [key, stream] of Object.entries(STREAMS) as [
    keyof typeof STREAMS,
    (typeof STREAMS)[keyof typeof STREAMS],
  ][]) {
    const config: Partial<StreamConfig> & { name: string } = {
      name: stream.name,
      subjects: [...stream.subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: options.replicas,
      max_age: nanos(options.maxAgeSeconds * 1000),
      duplicate_window: nanos(options.duplicateWindowSeconds * 1000),
      max_bytes: options.maxBytes?.[key] ?? DEFAULT_STREAM_MAX_BYTES[key],
      discard: DiscardPolicy.New,
    };
    const exists = await jsm.streams.info(stream.name).then(
      () => true,
      () => false,
    );
    if (exists) await jsm.streams.update(stream.name, config);
    else await jsm.streams.add(config);
  }
}
