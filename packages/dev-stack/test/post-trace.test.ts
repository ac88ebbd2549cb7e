import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS, type PostPublished } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { requestTokens } from '@li-bus/token-keeper-client';
import { startTelemetry, type TelemetryHandle } from '@li-bus/telemetry';
import { startOtlpReceiver, waitFor, type OtlpReceiver, type ReceivedSpan } from '@li-bus/testkit';
import { connectMember } from './browser-flow.ts';
import { startTestSystem, type TestSystem } from './system.ts';

const PRODUCER = 4;
const CONSUMER = 5;

describe('one trace per post across the services', () => {
  let receiver: OtlpReceiver;
  let system: TestSystem;
  let nc: NatsConnection;
  let telemetry: TelemetryHandle | null;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // This test process is the internal service that asks for the post: it traces too.
    Object.assign(process.env, {
      OTEL_SERVICE_NAME: 'requesting-service',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    telemetry = startTelemetry();
    system = await startTestSystem({
      commonEnv: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    });
    nc = await connect({ servers: system.nats.url });
  });
  afterAll(async () => {
    await nc?.close();
    await system?.close();
    await telemetry?.shutdown();
    await receiver?.close();
  });

  it('links the publish, the publisher, tokens.get, the LinkedIn call and post.published', async () => {
    const connectionId = (await connectMember(system.gatewayUrl)).searchParams.get('connectionId') ?? '';
    await waitFor(() => requestTokens(nc, connectionId).catch(() => null), { timeoutMs: 10_000 });
    const published: PostPublished[] = [];
    const sub = nc.subscribe(SUBJECTS.postPublished, {
      callback: (_e, msg) => void published.push(msg.json()),
    });
    await createEventPublisher(nc).publish(SUBJECTS.postRequested, {
      requestId: 'traced-1',
      connectionId,
      text: 'traced',
    });
    await waitFor(() => published.find((event) => event.requestId === 'traced-1'), { timeoutMs: 15_000 });
    sub.unsubscribe();

    // The publisher's process span carries the requestId; its trace is the post's trace.
    const process = await waitFor(
      () =>
        receiver.spans.find(
          (span) =>
            span.name === 'post.requested process' && span.attributes['li_bus.request_id'] === 'traced-1',
        ),
      { timeoutMs: 10_000, message: 'no post.requested process span' },
    );
    const inTrace = (predicate: (span: ReceivedSpan) => boolean) =>
      waitFor(() => receiver.spans.find((span) => span.traceId === process.traceId && predicate(span)), {
        timeoutMs: 10_000,
        message: 'span missing from the post trace',
      });
    expect(process.service).toBe('publisher');
    expect(process.kind).toBe(CONSUMER);
    const request = await inTrace((span) => span.name === 'post.requested publish');
    expect(request).toMatchObject({ service: 'requesting-service', kind: PRODUCER });
    expect(process.parentSpanId).toBe(request.spanId);

    const tokensRequest = await inTrace((span) => span.name === 'tokens.get request');
    expect(tokensRequest.parentSpanId).toBe(process.spanId);
    const tokensRespond = await inTrace((span) => span.name === 'tokens.get respond');
    expect(tokensRespond.service).toBe('token-keeper');
    expect(tokensRespond.parentSpanId).toBe(tokensRequest.spanId);

    const linkedinCall = await inTrace(
      (span) => span.service === 'publisher' && /POST/.test(span.name) && span.kind === 3,
    );
    expect(linkedinCall.parentSpanId).toBe(process.spanId);

    const outcome = await inTrace((span) => span.name === 'post.published publish');
    expect(outcome.kind).toBe(PRODUCER);
    expect(outcome.parentSpanId).toBe(process.spanId);
    expect(outcome.attributes['messaging.message.id']).toBe('traced-1:published');
  });

  it('makes the connect flow one trace: start, callback, LinkedIn calls, token.issued, token-keeper', async () => {
    const mark = receiver.spans.length;
    await connectMember(system.gatewayUrl);
    const fresh = () => receiver.spans.slice(mark);
    const find = (message: string, predicate: (span: ReceivedSpan) => boolean) =>
      waitFor(() => fresh().find(predicate), { timeoutMs: 10_000, message });
    const start = await find('oauth start', (span) => span.name === 'oauth start');
    const startRequest = await find('start HTTP span', (span) => span.spanId === start.parentSpanId);
    expect(startRequest).toMatchObject({ service: 'auth-gateway', kind: 2 });
    const callback = await find('oauth callback', (span) => span.name === 'oauth callback');
    expect(callback).toMatchObject({
      service: 'auth-gateway',
      traceId: start.traceId,
      parentSpanId: start.spanId,
    });
    const exchange = await find(
      'token exchange',
      (span) => span.parentSpanId === callback.spanId && span.kind === 3,
    );
    expect(exchange.traceId).toBe(start.traceId);
    const issued = await find('token.issued publish', (span) => span.name === 'token.issued publish');
    expect(issued).toMatchObject({ traceId: start.traceId, parentSpanId: callback.spanId, kind: PRODUCER });
    const stored = await find('token.issued process', (span) => span.name === 'token.issued process');
    expect(stored).toMatchObject({
      service: 'token-keeper',
      traceId: start.traceId,
      parentSpanId: issued.spanId,
    });
  });

  it('writes trace_id and span_id on the publisher log lines inside the span', () => {
    const line = system.logs.find(
      (entry) => entry.startsWith('[publisher]') && entry.includes('"post published"'),
    );
    expect(line).toMatch(/"trace_id":"[0-9a-f]{32}","span_id":"[0-9a-f]{16}"/);
  });
});
