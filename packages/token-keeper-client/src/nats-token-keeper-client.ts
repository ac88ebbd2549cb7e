import type { NatsConnection } from '@nats-io/transport-node';
import {
  REQUEST_SCHEMAS,
  SUBJECTS,
  type ReplyOf,
  type RequestOf,
  type RequestSubject,
} from '@li-bus/contracts';
import { requestService, ServiceReplyError } from '@li-bus/messaging';
import type { TokenKeeperClient } from './token-keeper-client.ts';
import { isTokensGetErrorCode, TokensGetError } from './tokens-get-error.ts';

/** Asks token-keeper over the NATS services API; a service error becomes a `TokensGetError` with its code. */
export async function requestTokenKeeper<S extends RequestSubject>(
  nc: NatsConnection,
  subject: S,
  body: RequestOf<S>,
  options: { timeoutMs?: number } = {},
): Promise<ReplyOf<S>> {
  try {
    return (await requestService(nc, subject, body, {
      reply: REQUEST_SCHEMAS[subject].reply,
      ...options,
    })) as ReplyOf<S>;
  } catch (error) {
    if (!(error instanceof ServiceReplyError)) throw error;
    const code = isTokensGetErrorCode(error.code) ? error.code : 'internal';
    throw new TokensGetError(code, error.message, { cause: error });
  }
}

/** `tokens.get`: a connection's sealed access token. */
export function requestTokens(
  nc: NatsConnection,
  connectionId: string,
  options: { timeoutMs?: number } = {},
) {
  return requestTokenKeeper(nc, SUBJECTS.tokensGet, { connectionId }, options);
}

/** The token-keeper client services use in production: request/reply over NATS. */
export function createNatsTokenKeeperClient(
  nc: NatsConnection,
  options: { timeoutMs?: number } = {},
): TokenKeeperClient {
  const opts = { timeoutMs: options.timeoutMs ?? 3000 };
  return {
    get: (connectionId) => requestTokens(nc, connectionId, opts),
    status: (connectionId) => requestTokenKeeper(nc, SUBJECTS.tokensStatus, { connectionId }, opts),
    list: async (tenantId) =>
      (await requestTokenKeeper(nc, SUBJECTS.tokensList, { tenantId }, opts)).connections,
    refreshToken: (connectionId) =>
      requestTokenKeeper(nc, SUBJECTS.tokensRefreshToken, { connectionId }, opts),
    awaitStored: (request, timeoutMs) => requestTokenKeeper(nc, SUBJECTS.tokensAwait, request, { timeoutMs }),
  };
}
