import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { STREAMS } from '@li-bus/contracts';
import { startNats, type ManagedServer } from '@li-bus/testkit';
import { createEventPublisher, ensureStreams, type EventPublisher } from '../src/index.ts';

let server: ManagedServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let publisher: EventPublisher;

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
  await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 60 });
  jsm = await jetstreamManager(nc);
  publisher = createEventPublisher(nc);
});

afterAll(async () => {
  await nc?.close();
  await server?.close();
});

const messagesIn = async (stream: string) => (await jsm.streams.info(stream)).state.messages;

describe('createEventPublisher', () => {
  it('refuses a body that breaks the contract and publishes nothing', async () => {
    const before = await messagesIn(STREAMS.tokens.name);
    await expect(
      publisher.publish('token.revoked', {
        eventId: 'evt-invalid',
        connectionId: 'not a valid id!',
        revokedAt: new Date().toISOString(),
      }),
    ).rejects.toThrow(ZodError);
    await expect(
      // @ts-expect-error a required field is missing on purpose
      publisher.publish('token.revoked', { eventId: 'evt-missing', connectionId: 'conn-1' }),
    ).rejects.toThrow(/revokedAt/);
    expect(await messagesIn(STREAMS.tokens.name)).toBe(before);
  });

  it('publishes under the eventId as Nats-Msg-Id and drops a repeat of it', async () => {
    const event = { eventId: 'evt-dup-1', connectionId: 'conn-dup', revokedAt: '2026-11-23T10:00:00.000Z' };
    const before = await messagesIn(STREAMS.tokens.name);

    const first = await publisher.publish('token.revoked', event);
    const second = await publisher.publish('token.revoked', {
      ...event,
      revokedAt: '2026-11-23T11:00:00.000Z',
    });

    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ seq: first.seq, duplicate: true });
    expect(await messagesIn(STREAMS.tokens.name)).toBe(before + 1);
    const stored = await jsm.streams.getMessage(STREAMS.tokens.name, { seq: first.seq });
    expect(stored?.subject).toBe('token.revoked');
    expect(stored?.header.get('Nats-Msg-Id')).toBe('evt-dup-1');
    expect(stored?.json()).toEqual(event);
  });

  it('publishes a command under its requestId, with the contract defaults applied', async () => {
    const result = await publisher.publish('post.requested', {
      requestId: 'req-publisher-1',
      connectionId: 'conn-1',
      text: 'hello',
    });
    const repeat = await publisher.publish('post.requested', {
      requestId: 'req-publisher-1',
      connectionId: 'conn-1',
      text: 'hello again',
    });

    expect(repeat.duplicate).toBe(true);
    const stored = await jsm.streams.getMessage(STREAMS.posts.name, { seq: result.seq });
    expect(stored?.header.get('Nats-Msg-Id')).toBe('req-publisher-1');
    expect(stored?.json()).toEqual({
      requestId: 'req-publisher-1',
      connectionId: 'conn-1',
      text: 'hello',
      visibility: 'PUBLIC',
    });
  });
});
