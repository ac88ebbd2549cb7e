import type { Logger } from 'pino';
import type { EventPublisher } from '@li-bus/messaging';
import type { Keyring } from '@li-bus/sealing';
import type { ReadinessState, Registry } from '@li-bus/service-kit';
import type { GatewayConfig } from './config.ts';
import type { ConnectSessionStore } from './connect/connect-sessions.ts';
import type { OAuthServer } from './oauth-server/oauth-server.ts';
import type { MediaStore } from './posts/media-store.ts';
import type { PostStatusStore } from './posts/post-status-store.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import type { WebhookStore } from './webhooks/webhook-store.ts';
import type { QuotaReader } from './connections/quota-reader.ts';
import type { LinkedInVersions } from '@li-bus/linkedin-versions';

export interface GatewayDeps {
  config: GatewayConfig;
  sessions: ConnectSessionStore;
  events: EventPublisher;
  tokenKeeper: TokenKeeperClient;
  posts: PostStatusStore;
  /** Files agents upload for their posts (the NATS object store, as NATS callers' media). */
  media: MediaStore;
  /** Members' creates today, read (read-only) from the publisher's counter bucket. */
  quota: QuotaReader;
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
  /** `LINKEDIN_VERSION` failover shared with every replica through NATS KV (`@li-bus/linkedin-versions`). */
  linkedinVersions?: LinkedInVersions;
}
