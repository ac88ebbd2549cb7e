import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

const MIB = 1024 * 1024;

/** Sizes every bucket is held to: writes beyond them fail (KV buckets discard new), they never fill a disk. */
export const BUCKET_MAX_BYTES = {
  small: 64 * MIB,
  medium: 256 * MIB,
  large: 1024 * MIB,
} as const;

export interface KvBucketOptions {
  /** How long the server keeps an entry (the bucket's max age), in milliseconds; absent: forever. */
  ttlMs?: number;
  /** The bucket's size limit in bytes. */
  maxBytes: number;
  history?: number;
  replicas?: number;
  /** Allows per-entry TTLs (`kv.create(key, value, '15m')`, nats-server 2.11+). */
  allowMsgTtl?: boolean;
}

/**
 * Opens (creating it when absent) a KV bucket and brings an existing one to the given size limit and TTL support:
 * `Kvm.create` leaves an existing bucket's settings as they were, so a bucket from an older release is updated.
 */
export async function openKvBucket(nc: NatsConnection, name: string, options: KvBucketOptions): Promise<KV> {
  const kv = await new Kvm(nc).create(name, {
    history: options.history ?? 1,
    max_bytes: options.maxBytes,
    ...(options.ttlMs !== undefined ? { ttl: options.ttlMs } : {}),
    ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
  });
  const { streamInfo } = await kv.status();
  const config = streamInfo.config;
  const wantsTtl = options.allowMsgTtl === true && config.allow_msg_ttl !== true;
  if (config.max_bytes !== options.maxBytes || wantsTtl) {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.update(config.name, {
      max_bytes: options.maxBytes,
      ...(wantsTtl ? { allow_msg_ttl: true } : {}),
    });
  }
  return kv;
}
