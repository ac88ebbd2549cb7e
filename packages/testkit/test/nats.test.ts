import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, type ManagedServer } from '../src/index.ts';

async function readSubjects(nc: NatsConnection, stream: string, count: number): Promise<string[]> {
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.fetch({ max_messages: count, expires: 2_000 });
  const data: string[] = [];
  for await (const message of messages) data.push(message.string());
  return data;
}

describe('startNats', () => {
  let server: ManagedServer;
  beforeAll(async () => {
    server = await startNats();
  });
  afterAll(async () => {
    await server.close();
  });

  it('starts with JetStream: create a stream, publish, read back', async () => {
    expect(server.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    const nc = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({
        name: 'testkit-mem',
        subjects: ['testkit.mem.>'],
        storage: StorageType.Memory,
      });
      const js = jetstream(nc);
      await js.publish('testkit.mem.a', 'one');
      await js.publish('testkit.mem.b', 'two');
      expect(await readSubjects(nc, 'testkit-mem', 2)).toEqual(['one', 'two']);
    } finally {
      await nc.close();
    }
  });

  it('keeps a file-storage stream across stop and restart on the same port', async ({ skip }) => {
    if (server.external) skip('restart needs a testkit-managed server');
    let nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'testkit-file', subjects: ['testkit.file.>'], storage: StorageType.File });
    await jetstream(nc).publish('testkit.file.x', 'kept');
    await nc.close();

    await server.stop();
    await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow();
    await server.restart();

    nc = await connect({ servers: server.url });
    try {
      expect(await readSubjects(nc, 'testkit-file', 1)).toEqual(['kept']);
    } finally {
      await nc.close();
    }
  });

  it('starts without JetStream when asked', async () => {
    const plain = await startNats({ jetstream: false });
    try {
      const nc = await connect({ servers: plain.url });
      await expect(jetstreamManager(nc)).rejects.toThrow();
      await nc.close();
    } finally {
      await plain.close();
    }
  });
});
