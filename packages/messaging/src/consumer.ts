import { jetstream, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Context, Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { describeIssues } from '@li-bus/contracts';
import { ensureDurableConsumer } from './consumer-setup.ts';
import type { HandlerOutcome } from './handler-outcome.ts';
import { extractTraceContext } from './trace-headers.ts';
import { idAttributes, inMessagingSpan, SpanKind } from './tracing.ts';

export interface MessageContext {
  subject: string;
  /** 1 on first delivery. */
  attempt: number;
  msgId: string | undefined;
  /** When the stream stored the message (ms since epoch): the event's time for bodies that carry none. */
  publishedAtMs?: number;
  trace: Context;
  logger: Logger;
  /** Tells the server the message is still being worked on (called automatically while a handler runs). */
  working(): void;
}

export interface InvalidMessage {
  raw: string;
  /** The parsed JSON, when the body was JSON at all. */
  body: unknown;
  reason: string;
}

export interface ConsumerOptions<T> {
  nc: NatsConnection;
  stream: string;
  durable: string;
  /** The subject (or subjects) the consumer is filtered on. */
  subject: string | readonly string[];
  schema: z.ZodType<T>;
  logger: Logger;
  concurrency?: number;
  ackWaitMs?: number;
  /** Attempts before a retryable failure is given up on. */
  maxAttempts?: number;
  retryDelayMs?: (attempt: number) => number;
  /** Messages delivered and not yet acknowledged, naks waiting out a delay included (default concurrency × 4). */
  maxAckPending?: number;
  /** Returns nothing (ack) or an outcome; a thrown error is a failed attempt. */
  handle(message: T, ctx: MessageContext): Promise<void | HandlerOutcome>;
  /**
   * Parks a message deferred by the handler until `untilMs` somewhere that holds no slot of this consumer (the
   * message is acked once it returns; what it throws is handled like the handler's errors). Without it, or
   * for a wait shorter than `deferThresholdMs`, a deferral is a delayed nak.
   */
  onDefer?(message: T, untilMs: number, ctx: MessageContext, reason: string): Promise<void>;
  /** Deferrals shorter than this stay delayed naks (default 5000 ms). */
  deferThresholdMs?: number;
  /** The clock deferrals are measured on (the handler's; default `Date.now`). */
  now?: () => number;
  /** A body that is not JSON or fails the contract; the message is then terminated (never redelivered). */
  onInvalid?(message: InvalidMessage, ctx: MessageContext): Promise<void>;
  /** The last attempt failed, or the error said it cannot be retried; the message is then terminated. */
  onGiveUp?(message: T, error: unknown, ctx: MessageContext): Promise<void>;
}

export interface RunningConsumer {
  /** Stops taking messages and waits for the ones in flight. */
  stop(): Promise<void>;
  readonly inFlight: number;
}

/** Errors may say `retryable: false` to skip the remaining attempts. Anything else is retried. */
function isRetryable(error: unknown): boolean {
  return !(
    typeof error === 'object' &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === false
  );
}

function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/** Server-side delays are whole milliseconds: a fractional one is ignored and the message redelivered at once. */
const wholeMs = (ms: number) => Math.max(1, Math.round(ms));

export const defaultRetryDelay = (attempt: number) =>
  Math.round(Math.min(60_000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4));

/**
 * Runs a durable pull consumer with bounded concurrency and the one ack policy of the project:
 * invalid → onInvalid + term, done → ack, retryable failure → nak(delay), out of attempts → onGiveUp + term,
 * and the handler's outcomes: retry → nak(delay), defer → onDefer + ack (or nak(delay)), term → term.
 * Waits are not failures: they are logged at debug and never lead to onGiveUp, whatever `maxAttempts` says.
 */
export async function runConsumer<T>(options: ConsumerOptions<T>): Promise<RunningConsumer> {
  const concurrency = options.concurrency ?? 8;
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryDelay = options.retryDelayMs ?? defaultRetryDelay;
  const deferThresholdMs = options.deferThresholdMs ?? 5000;
  const now = options.now ?? Date.now;
  const log = options.logger.child({ consumer: options.durable });
  await ensureDurableConsumer(options.nc, {
    stream: options.stream,
    durable: options.durable,
    subject: options.subject,
    ackWaitMs,
    maxAckPending: options.maxAckPending ?? concurrency * 4,
  });
  const consumer = await jetstream(options.nc).consumers.get(options.stream, options.durable);
  const messages = await consumer.consume({ max_messages: concurrency });
  const inFlight = new Set<Promise<void>>();
  let slotFreed: (() => void) | undefined;

  async function process(m: JsMsg): Promise<void> {
    const msgId = m.headers?.get('Nats-Msg-Id') || undefined;
    const ctx: MessageContext = {
      subject: m.subject,
      attempt: m.info.deliveryCount,
      msgId,
      publishedAtMs: Math.floor(m.info.timestampNanos / 1_000_000),
      trace: extractTraceContext(m.headers),
      logger: log.child({ subject: m.subject, msgId, attempt: m.info.deliveryCount }),
      working: () => m.working(),
    };
    const heartbeat = setInterval(() => m.working(), Math.max(1000, ackWaitMs / 3));
    const attributes = {
      'messaging.destination.name': m.subject,
      'messaging.consumer.group.name': options.durable,
      'messaging.message.id': msgId ?? '',
      'messaging.nats.delivery_count': ctx.attempt,
    };
    try {
      await inMessagingSpan(
        `${m.subject} process`,
        SpanKind.CONSUMER,
        attributes,
        (span) => handleOne(m, ctx, span),
        ctx.trace,
      );
    } catch (error) {
      // The policy itself failed (e.g. the bus is down while reporting): try again later, lose nothing.
      ctx.logger.error({ err: error }, 'message handling failed; will be redelivered');
      m.nak(Math.round(retryDelay(ctx.attempt)));
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function handleOne(m: JsMsg, ctx: MessageContext, span: Span): Promise<void> {
    const raw = m.string();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reject(m, ctx, { raw, body: undefined, reason: 'body is not JSON' });
    }
    span.setAttributes(idAttributes(body));
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) return reject(m, ctx, { raw, body, reason: describeIssues(parsed.error) });
    try {
      const outcome = await options.handle(parsed.data, ctx);
      await settle(m, ctx, parsed.data, outcome ?? { kind: 'ack' });
    } catch (error) {
      await fail(m, ctx, parsed.data, error);
    }
  }

  async function settle(m: JsMsg, ctx: MessageContext, message: T, outcome: HandlerOutcome) {
    switch (outcome.kind) {
      case 'ack':
        m.ack();
        return;
      case 'retry':
        ctx.logger.debug(
          { delayMs: outcome.afterMs, reason: outcome.reason },
          'waiting; delivered again later',
        );
        m.nak(wholeMs(outcome.afterMs));
        return;
      case 'term':
        ctx.logger.info({ reason: outcome.reason }, 'message ended by its handler');
        m.term();
        return;
      case 'defer': {
        const waitMs = outcome.untilMs - now();
        if (!options.onDefer || waitMs < deferThresholdMs) {
          ctx.logger.debug({ delayMs: waitMs, reason: outcome.reason }, 'waiting; delivered again later');
          m.nak(wholeMs(waitMs));
          return;
        }
        await options.onDefer(message, outcome.untilMs, ctx, outcome.reason);
        ctx.logger.debug(
          { until: new Date(outcome.untilMs).toISOString(), reason: outcome.reason },
          'deferred',
        );
        m.ack();
      }
    }
  }

  async function reject(m: JsMsg, ctx: MessageContext, invalid: InvalidMessage) {
    ctx.logger.warn({ reason: invalid.reason }, 'invalid message terminated');
    await options.onInvalid?.(invalid, ctx);
    m.term();
  }

  async function fail(m: JsMsg, ctx: MessageContext, message: T, error: unknown) {
    if (isRetryable(error) && ctx.attempt < maxAttempts) {
      const delay = wholeMs(retryAfterOf(error) ?? retryDelay(ctx.attempt));
      ctx.logger.warn({ err: error, delayMs: delay }, 'attempt failed; retrying');
      m.nak(delay);
      return;
    }
    ctx.logger.error({ err: error }, 'giving up on message');
    await options.onGiveUp?.(message, error, ctx);
    m.term();
  }

  const loop = (async () => {
    for await (const m of messages) {
      while (inFlight.size >= concurrency) await new Promise<void>((resolve) => (slotFreed = resolve));
      const task = process(m).finally(() => {
        inFlight.delete(task);
        slotFreed?.();
      });
      inFlight.add(task);
    }
  })();

  return {
    get inFlight() {
      return inFlight.size;
    },
    async stop() {
      await messages.close();
      await loop.catch(() => undefined);
      await Promise.allSettled([...inFlight]);
    },
  };
}
