import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createRedactingSampler, rootRatio } from './redacting-sampler.ts';
import { redactSecretParams, SECRET_PARAMS, SIGNED_URL_PARAMS } from './redaction.ts';

export interface TelemetryHandle {
  /** Flushes and stops exporting; the last step of a service's shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK, configured only by the standard `OTEL_*` variables: no exporter unless
 * `OTEL_TRACES_EXPORTER` / `OTEL_EXPORTER_OTLP_ENDPOINT` say so (`console` prints spans in development).
 * W3C trace context is propagated; NATS spans come from the messaging package, HTTP from these instrumentations.
 * One-time secrets never reach a span: the HTTP instrumentations redact them from URLs as they record them, and
 * every span's start attributes pass through the redacting sampler (`OTEL_TRACES_SAMPLER` `*always_on`,
 * `*always_off` and `*traceidratio` are honoured, always parent-based).
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): TelemetryHandle | null {
  const exporting =
    env['OTEL_SDK_DISABLED'] !== 'true' &&
    (Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) ||
      (env['OTEL_TRACES_EXPORTER'] !== undefined && env['OTEL_TRACES_EXPORTER'] !== 'none'));
  if (!exporting) return null;
  if (!env['OTEL_TRACES_EXPORTER']) env['OTEL_TRACES_EXPORTER'] = 'otlp';
  env['OTEL_METRICS_EXPORTER'] ??= 'none';
  env['OTEL_LOGS_EXPORTER'] ??= 'none';
  // The instrumentation compares names exactly: the list as written and the signed-URL names as AWS and Google
  // spell them.
  const secretParams = [...SECRET_PARAMS, ...SIGNED_URL_PARAMS];
  const sdk = new NodeSDK({
    sampler: createRedactingSampler(rootRatio(env)),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(healthz|readyz|metrics)/.test(request.url ?? ''),
        redactedQueryParams: secretParams,
        redactedQueryParamsServer: secretParams,
      }),
      new UndiciInstrumentation({
        // undici records the URL as is: its query and full URL are replaced with redacted ones.
        startSpanHook: (request) => {
          const url = new URL(request.path, request.origin);
          return url.search
            ? { 'url.full': redactSecretParams(url.toString()), 'url.query': redactSecretParams(url.search) }
            : {};
        },
      }),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
