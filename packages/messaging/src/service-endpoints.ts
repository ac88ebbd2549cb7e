import { Svcm, type Service } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { describeIssues } from '@li-bus/contracts';
import { ServiceReplyError } from './service-reply-error.ts';
import { extractTraceContext } from './trace-headers.ts';
import { idAttributes, inMessagingSpan, SpanKind } from './tracing.ts';

/** One endpoint: the request's schema and its handler (a `ServiceReplyError` becomes that service error). */
export interface EndpointSpec {
  request: z.ZodType;
  handler: (request: never) => Promise<unknown>;
}

export interface ServeEndpointsOptions {
  name: string;
  version: string;
  description: string;
  logger: Logger;
  /** Keyed by subject; the endpoint's name is the subject's last token. */
  endpoints: Record<string, EndpointSpec>;
}

const INVALID = { code: 'invalid_request', status: 400 } as const;
const INTERNAL = { code: 'internal', status: 500 } as const;

/**
 * A NATS services API service (discovery and stats): each request is parsed with its schema (`invalid_request`,
 * naming the field, without calling the handler), answered in a `<subject> respond` span, and an unexpected
 * failure is logged and answered `internal` without its details.
 */
export async function serveEndpoints(nc: NatsConnection, options: ServeEndpointsOptions): Promise<Service> {
  const { logger } = options;
  const service = await new Svcm(nc).add({
    name: options.name,
    version: options.version,
    description: options.description,
  });
  for (const [subject, spec] of Object.entries(options.endpoints)) {
    const handler = spec.handler as (request: unknown) => Promise<unknown>;
    service.addEndpoint(subject.split('.').at(-1) ?? subject, {
      subject,
      handler: (error, msg) => {
        if (error) return logger.error({ err: error, subject }, 'endpoint stopped');
        // Parsed once: for the span's ids and for the handler (JSON is most of an endpoint's own CPU).
        const body = safeJson(msg);
        const attributes = { 'messaging.destination.name': subject, ...idAttributes(body) };
        const respond = async () => {
          if (body === UNREADABLE) return msg.respondError(INVALID.status, INVALID.code);
          const parsed = spec.request.safeParse(body);
          if (!parsed.success) {
            return msg.respondError(INVALID.status, INVALID.code, describeIssues(parsed.error));
          }
          try {
            msg.respond(JSON.stringify(await handler(parsed.data)));
          } catch (failure) {
            if (failure instanceof ServiceReplyError) {
              return msg.respondError(failure.status, failure.code, failure.message);
            }
            logger.error({ err: failure, subject }, 'request failed');
            msg.respondError(INTERNAL.status, INTERNAL.code);
          }
        };
        const parent = extractTraceContext(msg.headers);
        void inMessagingSpan(`${subject} respond`, SpanKind.SERVER, attributes, respond, parent).catch(
          () => undefined,
        );
      },
    });
  }
  return service;
}

const UNREADABLE = Symbol('unreadable');

function safeJson(msg: { json(): unknown }): unknown {
  try {
    return msg.json();
  } catch {
    return UNREADABLE;
  }
}
