import { Svcm, type Service } from '@nats-io/services';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  describeIssues,
  REQUEST_SCHEMAS,
  SUBJECTS,
  TOKENS_GET_ERRORS,
  TOKENS_SERVICE,
  type ReplyOf,
  type RequestOf,
  type OptionalRequestSubject,
  type RequestSubject,
  type TokensGetErrorCode,
} from '@li-bus/contracts';
import { extractTraceContext, injectTraceContext } from './trace-headers.ts';
import { idAttributes, inMessagingSpan, SpanKind } from './tracing.ts';

/** A `tokens.*` failure with one of the design's codes (`not_found`, `reauth_required`, `expired`, `revoked`). */
export class TokensGetError extends Error {
  readonly code: TokensGetErrorCode;
  constructor(code: TokensGetErrorCode, message: string = code) {
    super(message);
    this.name = 'TokensGetError';
    this.code = code;
  }
}

const isErrorCode = (value: string): value is TokensGetErrorCode => value in TOKENS_GET_ERRORS;

type RequestHandler<S extends RequestSubject> = (request: RequestOf<S>) => Promise<ReplyOf<S>>;

/** Handlers for every request subject; the ones added later (`tokens.refresh-token`) are optional. */
export type TokenKeeperHandlers = {
  [S in Exclude<RequestSubject, OptionalRequestSubject>]: RequestHandler<S>;
} & { [S in OptionalRequestSubject]?: RequestHandler<S> };

/** Serves `tokens.get`, `tokens.status`, `tokens.list` (and `tokens.refresh-token` when given) over the NATS services API (discovery and stats). */
export async function serveTokenKeeper(
  nc: NatsConnection,
  options: { version: string; logger: Logger; handlers: TokenKeeperHandlers },
): Promise<Service> {
  const service = await new Svcm(nc).add({
    name: TOKENS_SERVICE.name,
    version: options.version,
    description: 'Sealed LinkedIn tokens and connection status',
  });
  for (const subject of Object.keys(REQUEST_SCHEMAS) as RequestSubject[]) {
    const handler = options.handlers[subject] as ((request: unknown) => Promise<unknown>) | undefined;
    if (!handler) continue; // an optional subject this token-keeper does not answer (yet)
    service.addEndpoint(subject.split('.')[1] ?? subject, {
      subject,
      handler: (error, msg) => {
        if (error) return options.logger.error({ err: error, subject }, 'endpoint stopped');
        const attributes = { 'messaging.destination.name': subject, ...idAttributes(safeJson(msg)) };
        void inMessagingSpan(
          `${subject} respond`,
          SpanKind.SERVER,
          attributes,
          async () => {
            let body: unknown;
            try {
              body = msg.json();
            } catch {
              return msg.respondError(TOKENS_GET_ERRORS.invalid_request, 'invalid_request');
            }
            const parsed = REQUEST_SCHEMAS[subject].request.safeParse(body);
            if (!parsed.success) {
              return msg.respondError(
                TOKENS_GET_ERRORS.invalid_request,
                'invalid_request',
                describeIssues(parsed.error),
              );
            }
            try {
              msg.respond(JSON.stringify(await handler(parsed.data)));
            } catch (failure) {
              if (failure instanceof TokensGetError) {
                return msg.respondError(TOKENS_GET_ERRORS[failure.code], failure.code, failure.message);
              }
              options.logger.error({ err: failure, subject }, 'request failed');
              msg.respondError(TOKENS_GET_ERRORS.internal, 'internal');
            }
          },
          extractTraceContext(msg.headers),
        ).catch(() => undefined);
      },
    });
  }
  return service;
}

/** Asks token-keeper; throws TokensGetError carrying the service's code. */
export async function requestTokenKeeper<S extends RequestSubject>(
  nc: NatsConnection,
  subject: S,
  body: RequestOf<S>,
  options: { timeoutMs?: number } = {},
): Promise<ReplyOf<S>> {
  const attributes = { 'messaging.destination.name': subject, ...idAttributes(body) };
  const reply = await inMessagingSpan(`${subject} request`, SpanKind.CLIENT, attributes, () => {
    const h = headers();
    injectTraceContext(h);
    return nc.request(subject, JSON.stringify(body), { timeout: options.timeoutMs ?? 3000, headers: h });
  });
  const serviceError = reply.headers?.get('Nats-Service-Error');
  if (serviceError) {
    throw new TokensGetError(
      isErrorCode(serviceError) ? serviceError : 'internal',
      reply.string() || serviceError,
    );
  }
  return REQUEST_SCHEMAS[subject].reply.parse(reply.json()) as ReplyOf<S>;
}

/** `tokens.get`: a connection's sealed access token. */
export function requestTokens(
  nc: NatsConnection,
  connectionId: string,
  options: { timeoutMs?: number } = {},
) {
  return requestTokenKeeper(nc, SUBJECTS.tokensGet, { connectionId }, options);
}

function safeJson(msg: { json(): unknown }): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
