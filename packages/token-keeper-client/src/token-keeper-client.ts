import type {
  ConnectionView,
  TokensAwaitRequest,
  TokensGetReply,
  TokensRefreshTokenReply,
} from '@li-bus/contracts';

/**
 * What services ask token-keeper (`tokens.*`). A refusal is a `TokensGetError` with the service's code; no
 * answer is the transport's error. Implementations: `createNatsTokenKeeperClient`, `createInMemoryTokenKeeper`.
 */
export interface TokenKeeperClient {
  /**
   * `tokens.get`: the sealed access token while usable; `not_found`, `revoked`, `reauth_required`, `expired`.
   * `fresh`: answered by token-keeper itself, never by a cache in front of it (the NATS client always asks).
   */
  get(connectionId: string, options?: { fresh?: boolean }): Promise<TokensGetReply>;
  /** `tokens.status`: the connection's view; `not_found`. */
  status(connectionId: string): Promise<ConnectionView>;
  /** `tokens.list`: a tenant's connections. */
  list(tenantId: string): Promise<ConnectionView[]>;
  /** `tokens.refresh-token`: the sealed refresh token while usable; `not_found`, `revoked`, `reauth_required`. */
  refreshToken(connectionId: string): Promise<TokensRefreshTokenReply>;
  /** `tokens.await`: the view once the event is stored; `not_stored` after `waitMs`; no answer after `timeoutMs`. */
  awaitStored(request: TokensAwaitRequest, timeoutMs: number): Promise<ConnectionView>;
}
