import type { Logger } from 'pino';
import type { EventPublisher } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { ReadinessState, Registry } from '@li-bus/service-kit';
import type { GatewayConfig } from './config.ts';
import type { ConnectSessionStore } from './connect-sessions.ts';
import type { OAuthServer } from './oauth-server/oauth-server.ts';
import type { PostStatusStore } from './posts/post-status-store.ts';
import type { TokenKeeperClient } from './token-keeper-client.ts';
import type { WebhookStore } from './webhooks/webhook-store.ts';

export interface GatewayDeps {
  config: GatewayConfig;
  sessions: ConnectSessionStore;
  events: EventPublisher;
  tokenKeeper: TokenKeeperClient;
  posts: PostStatusStore;
  /** Registered webhooks (NATS KV, secrets sealed). */
  webhooks: WebhookStore;
  keyring: Keyring;
  /** The OAuth 2.1 authorization server for agents and third-party apps. */
  oauth: OAuthServer;
  logger: Logger;
  readiness: ReadinessState;
  now: () => number;
  /** Prometheus registry served on /metrics (HTTP request metrics are added to it). */
  registry?: Registry;
}
