import type { Service } from '@nats-io/services';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import {
  REQUEST_SCHEMAS,
  SUBJECTS,
  TOKENS_SERVICE,
  type OptionalRequestSubject,
  type ReplyOf,
  type RequestOf,
  type RequestSubject,
} from '@li-bus/contracts';
import { serveEndpoints, type EndpointSpec } from '@li-bus/messaging';
import type { TokenKeeperClient } from './token-keeper-client.ts';

type RequestHandler<S extends RequestSubject> = (request: RequestOf<S>) => Promise<ReplyOf<S>>;

/** Handlers for every request subject; the ones added later (`tokens.refresh-token`, `tokens.await`) are optional. */
export type TokenKeeperHandlers = {
  [S in Exclude<RequestSubject, OptionalRequestSubject>]: RequestHandler<S>;
} & { [S in OptionalRequestSubject]?: RequestHandler<S> };

/**
 * Serves `tokens.*` over the NATS services API (discovery and stats); a handler's `TokensGetError` is answered
 * with its code, anything else `internal`. Token-keeper serves its Redis store; tests may serve the in-memory one.
 */
export function serveTokenKeeper(
  nc: NatsConnection,
  options: { version: string; logger: Logger; handlers: TokenKeeperHandlers },
): Promise<Service> {
  const endpoints: Record<string, EndpointSpec> = {};
  for (const subject of Object.keys(REQUEST_SCHEMAS) as RequestSubject[]) {
    const handler = options.handlers[subject];
    if (handler) endpoints[subject] = { request: REQUEST_SCHEMAS[subject].request, handler };
  }
  return serveEndpoints(nc, {
    name: TOKENS_SERVICE.name,
    version: options.version,
    description: 'Sealed LinkedIn tokens and connection status',
    logger: options.logger,
    endpoints,
  });
}

/** The handlers answering with a `TokenKeeperClient` (the in-memory one, served to services run as processes). */
export function handlersOf(keeper: TokenKeeperClient): TokenKeeperHandlers {
  return {
    [SUBJECTS.tokensGet]: ({ connectionId }) => keeper.get(connectionId),
    [SUBJECTS.tokensStatus]: ({ connectionId }) => keeper.status(connectionId),
    [SUBJECTS.tokensList]: async ({ tenantId }) => ({ connections: await keeper.list(tenantId) }),
    [SUBJECTS.tokensRefreshToken]: ({ connectionId }) => keeper.refreshToken(connectionId),
    [SUBJECTS.tokensAwait]: (request) => keeper.awaitStored(request, request.waitMs),
  };
}
