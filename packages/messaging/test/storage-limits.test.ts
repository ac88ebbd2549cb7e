import { DiscardPolicy, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, type ManagedServer } from '@li-bus/testkit';
import { DEFAULT_STREAM_MAX_BYTES, ensureStreams, openKvBucket } from '../src/index.ts';

let server: ManagedServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
});

afterAll(async () => {
  await nc?.close();
  await server?.close();
});

describe('size limits on buckets and streams, also for ones an older release created', () => {
  it('openKvBucket brings an existing unlimited bucket to its limit and enables entry TTLs', async () => {
    const old = await new Kvm(nc).create('limits_old', { history: 1 });
    expect((await old.status()).max_bytes).toBe(-1);
    const kv = await openKvBucket(nc, 'limits_old', { maxBytes: 64 * 1024, allowMsgTtl: true });
    const { config } = await (await jetstreamManager(nc)).streams.info('KV_limits_old');
    expect(config.max_bytes).toBe(64 * 1024);
    // Per-entry TTLs (nats-server 2.11+; the testkit only runs 2.12 or newer, as the services require).
    expect(config.allow_msg_ttl).toBe(true);
    // Full: a write is refused (KV buckets discard new), nothing already stored is dropped.
    await kv.put('first', 'kept');
    await expect(kv.put('big', new Uint8Array(80 * 1024))).rejects.toThrow();
    expect((await kv.get('first'))?.string()).toBe('kept');
  });

  it('ensureStreams limits POSTS and TOKENS, created or already there, and refuses rather than drops', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'POSTS', subjects: ['post.>'] });
    await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 60 });
    for (const [key, name] of [
      ['posts', 'POSTS'],
      ['tokens', 'TOKENS'],
    ] as const) {
      const { config } = await jsm.streams.info(name);
      expect(config.max_bytes).toBe(DEFAULT_STREAM_MAX_BYTES[key]);
      expect(config.discard).toBe(DiscardPolicy.New);
    }
  });
});
