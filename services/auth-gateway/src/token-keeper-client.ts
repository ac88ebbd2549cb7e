import type { NatsConnection } from '@nats-io/transport-node';
import {
  SUBJECTS,
  type ConnectionView,
  type TokensAwaitRequest,
  type TokensGetReply,
  type TokensRefreshTokenReply,
} from '@li-bus/contracts';
import { requestTokenKeeper } from '@li-bus/messaging';

/** The gateway's view of token-keeper (request/reply over NATS). Errors stay `TokensGetError` or NATS errors. */
export interface TokenKeeperClient {
  status(connectionId: string): Promise<ConnectionView>;
  list(tenantId: string): Promise<ConnectionView[]>;
  get(connectionId: string): Promise<TokensGetReply>;
  refreshToken(connectionId: string): Promise<TokensRefreshTokenReply>;
  /** `tokens.await`: the view once the event is stored; `not_stored` after `waitMs`; no answer after `timeoutMs`. */
  awaitStored(request: TokensAwaitRequest, timeoutMs: number): Promise<ConnectionView>;
}

export function createTokenKeeperClient(
  nc: NatsConnection,
  options: { timeoutMs?: number } = {},
): TokenKeeperClient {
  const opts = { timeoutMs: options.timeoutMs ?? 3000 };
  return {
    status: (connectionId) => requestTokenKeeper(nc, SUBJECTS.tokensStatus, { connectionId }, opts),
    list: async (tenantId) =>
      (await requestTokenKeeper(nc, SUBJECTS.tokensList, { tenantId }, opts)).connections,
    get: (connectionId) => requestTokenKeeper(nc, SUBJECTS.tokensGet, { connectionId }, opts),
    refreshToken: (connectionId) =>
      requestTokenKeeper(nc, SUBJECTS.tokensRefreshToken, { connectionId }, opts),
    awaitStored: (request, timeoutMs) => requestTokenKeeper(nc, SUBJECTS.tokensAwait, request, { timeoutMs }),
  };
}
