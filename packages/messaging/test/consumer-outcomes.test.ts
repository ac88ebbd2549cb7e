import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STREAMS } from '@li-bus/contracts';
import { startNats, waitFor, type ManagedServer } from '@li-bus/testkit';
import {
  ensureStreams,
  handled,
  PermanentError,
  runConsumer,
  type ConsumerOptions,
  type RunningConsumer,
} from '../src/index.ts';

const STREAM = STREAMS.posts.name;
const schema = z.object({ n: z.number().int() });
type Body = z.infer<typeof schema>;

let server: ManagedServer;
let nc: NatsConnection;
const running: RunningConsumer[] = [];

beforeAll(async () => {
  server = await startNats();
  nc = await connect({ servers: server.url });
  await ensureStreams(nc, { replicas: 1, maxAgeSeconds: 3600, duplicateWindowSeconds: 60 });
});

afterAll(async () => {
  await Promise.allSettled(running.map((consumer) => consumer.stop()));
  await nc?.close();
  await server?.close();
});

let counter = 0;
async function start(overrides: Partial<ConsumerOptions<Body>> & Pick<ConsumerOptions<Body>, 'handle'>) {
  counter += 1;
  const subject = `post.outcome-test.${counter}`;
  const durable = `outcome-test-${counter}`;
  const consumer = await runConsumer<Body>({
    nc,
    stream: STREAM,
    subject,
    durable,
    schema,
    logger: pino({ level: 'silent' }),
    ackWaitMs: 30_000,
    retryDelayMs: () => 50,
    ...overrides,
  });
  running.push(consumer);
  await jetstream(nc).publish(subject, JSON.stringify({ n: counter }));
  return durable;
}

/** Nothing pending or unacknowledged: the message got its final outcome. */
async function settled(durable: string) {
  const jsm = await jetstreamManager(nc);
  return waitFor(async () => {
    const info = await jsm.consumers.info(STREAM, durable);
    return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.consumer_seq > 0
      ? info
      : undefined;
  });
}

describe('runConsumer: handler outcomes', () => {
  it('defer beyond the threshold: onDefer parks it and the message is acked, never redelivered', async () => {
    const parked: { body: Body; untilMs: number; reason: string }[] = [];
    const attempts: number[] = [];
    const untilMs = Date.now() + 3_600_000;
    const durable = await start({
      handle: async (_body, ctx) => {
        attempts.push(ctx.attempt);
        return handled.defer(untilMs, 'scheduled');
      },
      onDefer: async (body, until, _ctx, reason) => void parked.push({ body, untilMs: until, reason }),
    });
    const info = await settled(durable);
    expect(parked).toEqual([{ body: { n: counter }, untilMs, reason: 'scheduled' }]);
    expect(attempts).toEqual([1]);
    expect(info.num_redelivered).toBe(0);
  });

  it('a short defer is a delayed nak: delivered again after the wait, onDefer not called', async () => {
    const parked: number[] = [];
    const seenAt: number[] = [];
    await start({
      handle: async () => {
        seenAt.push(Date.now());
        return seenAt.length === 1 ? handled.defer(Date.now() + 400, 'in a moment') : undefined;
      },
      onDefer: async (_body, until) => void parked.push(until),
    });
    await waitFor(() => seenAt.length === 2, { timeoutMs: 5000 });
    expect(seenAt[1]! - seenAt[0]!).toBeGreaterThanOrEqual(300);
    expect(parked).toEqual([]);
  });

  it('retry is a wait, not an attempt: redelivered even with maxAttempts 1, never given up', async () => {
    const attempts: number[] = [];
    const gaveUp: unknown[] = [];
    const durable = await start({
      maxAttempts: 1,
      handle: async (_body, ctx) => {
        attempts.push(ctx.attempt);
        return ctx.attempt < 3 ? handled.retry(20, 'another delivery holds it') : handled.ack();
      },
      onGiveUp: async (_body, error) => void gaveUp.push(error),
    });
    await waitFor(() => attempts.length === 3, { timeoutMs: 5000 });
    await settled(durable);
    expect(attempts).toEqual([1, 2, 3]);
    expect(gaveUp).toEqual([]);
  });

  it('term ends the message without onGiveUp; an error thrown by onDefer is handled like a failure', async () => {
    const gaveUp: unknown[] = [];
    const ended = await start({
      handle: async () => handled.term('reported already'),
      onGiveUp: async (_body, error) => void gaveUp.push(error),
    });
    await settled(ended);
    await sleep(200);
    expect(gaveUp).toEqual([]);

    const refused = new PermanentError('too_many', 'over the bound');
    const failing = await start({
      handle: async () => handled.defer(Date.now() + 3_600_000, 'scheduled'),
      onDefer: async () => {
        throw refused;
      },
      onGiveUp: async (_body, error) => void gaveUp.push(error),
    });
    const info = await settled(failing);
    expect(gaveUp).toEqual([refused]);
    expect(info.num_redelivered).toBe(0);
  });
});
