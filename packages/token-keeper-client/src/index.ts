export type { TokenKeeperClient } from './token-keeper-client.ts';
export { TokensGetError, isTokensGetErrorCode } from './tokens-get-error.ts';
export {
  createNatsTokenKeeperClient,
  requestTokenKeeper,
  requestTokens,
} from './nats-token-keeper-client.ts';
export { serveTokenKeeper, handlersOf } from './serve-token-keeper.ts';
export type { TokenKeeperHandlers } from './serve-token-keeper.ts';
export { createInMemoryTokenKeeper } from './in-memory-token-keeper.ts';
export type { InMemoryTokenKeeper, StoredConnection, StoredTokens } from './in-memory-token-keeper.ts';
