import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';

/** Paths pino blanks in every log line: tokens, secrets, codes, keys, cookies. */
export const REDACT_PATHS = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'clientSecret',
  'apiKey',
  'token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
];

/** Query parameters whose values never reach a log line. */
const SECRET_QUERY = /([?&](?:code|state|access_token|refresh_token|client_secret|token)=)[^&#\s]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

export interface LoggerConfig {
  service: string;
  level: string;
  pretty?: boolean;
}

/** `trace_id` and `span_id` of the active span, on every line written inside one. */
function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** The one root logger of a process; parts take `logger.child({ component })`. */
export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { service: config.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    mixin: traceFields,
    serializers: {
      err: pino.stdSerializers.err,
      req: (req: { method?: string; url?: string }) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
      }),
    },
  };
  const pretty = config.pretty ?? (process.stdout.isTTY && !destination);
  if (pretty)
    return pino({ ...options, transport: { target: 'pino-pretty', options: { singleLine: true } } });
  return destination ? pino(options, destination) : pino(options);
}
