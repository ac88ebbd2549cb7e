import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface TelemetryHandle {
  /** Flushes and stops exporting; the last step of a service's shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK, configured only by the standard `OTEL_*` variables: no exporter unless
 * `OTEL_TRACES_EXPORTER` / `OTEL_EXPORTER_OTLP_ENDPOINT` say so (`console` prints spans in development).
 * W3C trace context is propagated; NATS spans come from the messaging package, HTTP from these instrumentations.
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
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(healthz|readyz|metrics)/.test(request.url ?? ''),
      }),
      new UndiciInstrumentation(),
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
