import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager, type ConsumerInfo } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STREAMS } from '@li-bus/contracts';
import { startNats, waitFor, type ManagedServer } from '@li-bus/testkit';
import {
  ensureStreams,
  PermanentError,
  runConsumer,
  TransientError,
  type ConsumerOptions,
  type InvalidMessage,
  type RunningConsumer,
} from '../src/index.ts';

const STREAM = STREAMS.posts.name;
const ACK_WAIT_MS = 250;
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

/** Every test gets its own subject (inside `post.>`) and durable, so tests never see each other's messages. */
let counter = 0;
function names() {
  counter += 1;
  return { subject: `post.consumer-test.${counter}`, durable: `consumer-test-${counter}` };
}

async function start(
  overrides: Partial<ConsumerOptions<Body>> & Pick<ConsumerOptions<Body>, 'handle' | 'subject' | 'durable'>,
) {
  const consumer = await runConsumer<Body>({
    nc,
    stream: STREAM,
    schema,
    logger: pino({ level: 'silent' }),
    ackWaitMs: ACK_WAIT_MS,
    retryDelayMs: () => 50,
    ...overrides,
  });
  running.push(consumer);
  return consumer;
}

async function publishRaw(subject: string, body: string) {
  await jetstream(nc).publish(subject, body);
}

async function consumerInfo(durable: string): Promise<ConsumerInfo> {
  const jsm = await jetstreamManager(nc);
  return jsm.consumers.info(STREAM, durable);
}

/** Every delivered message has an outcome (ack or term) and none is waiting for redelivery. */
async function waitSettled(durable: string, delivered: number): Promise<ConsumerInfo> {
  return waitFor(
    async () => {
      const info = await consumerInfo(durable);
      return info.delivered.stream_seq >= delivered && info.num_pending === 0 && info.num_ack_pending === 0
        ? info
        : undefined;
    },
    { timeoutMs: 3000, message: `consumer ${durable} did not settle` },
  );
}

describe('runConsumer', () => {
  it('terminates a non-JSON body and a body failing the schema, then keeps handling valid messages', async () => {
    const { subject, durable } = names();
    const handled: Body[] = [];
    const invalid: { message: InvalidMessage; attempt: number }[] = [];
    await start({
      subject,
      durable,
      handle: async (body) => void handled.push(body),
      onInvalid: async (message, ctx) => void invalid.push({ message, attempt: ctx.attempt }),
    });

    await publishRaw(subject, '{"n": 1');
    await publishRaw(subject, JSON.stringify({ n: 'one' }));
    await publishRaw(subject, JSON.stringify({ n: 3 }));

    await waitFor(() => handled.length === 1, { timeoutMs: 3000 });
    const settled = await waitSettled(durable, 3);
    // Longer than the ack wait: a message that was not terminated would come back by now.
    await sleep(ACK_WAIT_MS * 1.5);

    expect(handled).toEqual([{ n: 3 }]);
    expect(invalid).toHaveLength(2);
    const [notJson, badSchema] = invalid;
    expect(notJson).toMatchObject({ attempt: 1, message: { raw: '{"n": 1', body: undefined } });
    expect(notJson?.message.reason).toMatch(/not JSON/);
    expect(badSchema).toMatchObject({ attempt: 1, message: { raw: '{"n":"one"}', body: { n: 'one' } } });
    expect(badSchema?.message.reason).toMatch(/^n: /);

    const info = await consumerInfo(durable);
    expect(info.num_redelivered).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    expect(info.delivered.consumer_seq).toBe(3);
    expect(settled.ack_floor.stream_seq).toBe(info.delivered.stream_seq);
  });

  it('redelivers after a retryable failure and then acks', async () => {
    const { subject, durable } = names();
    const attempts: number[] = [];
    const gaveUp: unknown[] = [];
    await start({
      subject,
      durable,
      handle: async (_body, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt === 1) throw new TransientError('flaky', 'try again');
      },
      onGiveUp: async (_body, error) => void gaveUp.push(error),
    });

    await publishRaw(subject, JSON.stringify({ n: 1 }));
    await waitFor(() => attempts.length === 2, { timeoutMs: 3000 });
    await waitSettled(durable, 1);
    await sleep(ACK_WAIT_MS * 1.5);

    expect(attempts).toEqual([1, 2]);
    expect(gaveUp).toEqual([]);
    expect((await consumerInfo(durable)).num_ack_pending).toBe(0);
  });

  it('waits out a fractional retry delay instead of redelivering at once', async () => {
    const { subject, durable } = names();
    const seenAt: number[] = [];
    await start({
      subject,
      durable,
      ackWaitMs: 30_000,
      // The default delay has a random jitter: not a whole number of milliseconds.
      retryDelayMs: () => 400.123456789,
      handle: async (_body, ctx) => {
        seenAt.push(performance.now());
        if (ctx.attempt === 1) throw new TransientError('flaky', 'try again');
      },
    });

    await publishRaw(subject, JSON.stringify({ n: 1 }));
    await waitFor(() => seenAt.length === 2, { timeoutMs: 5000 });
    // A delay the server cannot use makes it redeliver within a millisecond or two.
    expect(seenAt[1]! - seenAt[0]!).toBeGreaterThanOrEqual(300);
  });

  it('gives up at once on an error that says it is not retryable', async () => {
    const { subject, durable } = names();
    const attempts: number[] = [];
    const gaveUp: { body: Body; error: unknown; attempt: number }[] = [];
    await start({
      subject,
      durable,
      maxAttempts: 5,
      handle: async (_body, ctx) => {
        attempts.push(ctx.attempt);
        throw new PermanentError('nope', 'cannot ever work');
      },
      onGiveUp: async (body, error, ctx) => void gaveUp.push({ body, error, attempt: ctx.attempt }),
    });

    await publishRaw(subject, JSON.stringify({ n: 7 }));
    await waitFor(() => gaveUp.length === 1, { timeoutMs: 3000 });
    await waitSettled(durable, 1);
    await sleep(ACK_WAIT_MS * 1.5);

    expect(attempts).toEqual([1]);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.body).toEqual({ n: 7 });
    expect(gaveUp[0]?.attempt).toBe(1);
    expect(gaveUp[0]?.error).toBeInstanceOf(PermanentError);
    expect((await consumerInfo(durable)).num_redelivered).toBe(0);
  });

  it('gives up with the last error after maxAttempts retryable failures', async () => {
    const { subject, durable } = names();
    const attempts: number[] = [];
    const gaveUp: { error: unknown; attempt: number }[] = [];
    await start({
      subject,
      durable,
      maxAttempts: 3,
      handle: async (_body, ctx) => {
        attempts.push(ctx.attempt);
        throw new TransientError('flaky', `failure ${ctx.attempt}`);
      },
      onGiveUp: async (_body, error, ctx) => void gaveUp.push({ error, attempt: ctx.attempt }),
    });

    await publishRaw(subject, JSON.stringify({ n: 1 }));
    await waitFor(() => gaveUp.length === 1, { timeoutMs: 3000 });
    await waitSettled(durable, 1);
    await sleep(ACK_WAIT_MS * 1.5);

    expect(attempts).toEqual([1, 2, 3]);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]?.attempt).toBe(3);
    expect(gaveUp[0]?.error).toBeInstanceOf(TransientError);
    expect((gaveUp[0]?.error as Error).message).toBe('failure 3');
  });

  it('never runs more handlers at once than its concurrency', async () => {
    const { subject, durable } = names();
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const consumer = await start({
      subject,
      durable,
      concurrency: 3,
      ackWaitMs: 5000,
      handle: async (body) => {
        active += 1;
        peak = Math.max(peak, active);
        await sleep(100);
        active -= 1;
        done.push(body.n);
      },
    });
    let peakInFlight = 0;
    const sampler = setInterval(() => (peakInFlight = Math.max(peakInFlight, consumer.inFlight)), 5);

    try {
      for (let n = 0; n < 10; n += 1) await publishRaw(subject, JSON.stringify({ n }));
      await waitFor(() => done.length === 10, { timeoutMs: 4000 });
    } finally {
      clearInterval(sampler);
    }

    expect(peak).toBe(3);
    expect(peakInFlight).toBeLessThanOrEqual(3);
    expect([...done].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await waitSettled(durable, 10);
  });

  it('stop() waits for the handlers in flight and takes no new messages', async () => {
    const { subject, durable } = names();
    const started: number[] = [];
    const finished: number[] = [];
    const consumer = await start({
      subject,
      durable,
      ackWaitMs: 5000,
      handle: async (body) => {
        started.push(body.n);
        await sleep(300);
        finished.push(body.n);
      },
    });

    await publishRaw(subject, JSON.stringify({ n: 1 }));
    await publishRaw(subject, JSON.stringify({ n: 2 }));
    await waitFor(() => started.length === 2, { timeoutMs: 3000 });
    expect(finished).toEqual([]);

    await consumer.stop();

    expect([...finished].sort()).toEqual([1, 2]);
    expect(consumer.inFlight).toBe(0);
    // The handlers' acks went out before stop() returned.
    await waitSettled(durable, 2);

    await publishRaw(subject, JSON.stringify({ n: 3 }));
    await sleep(300);
    expect(started).toEqual([1, 2]);
    expect((await consumerInfo(durable)).num_pending).toBe(1);
  });
});
