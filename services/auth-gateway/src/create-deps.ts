import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { createEventPublisher } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { createReadiness, type Registry } from '@li-bus/service-kit';
import type { GatewayConfig } from './config.ts';
import { createKvConnectSessionStore } from './connect-sessions.ts';
import type { GatewayDeps } from './deps.ts';
import { createOAuthServer } from './oauth-server/oauth-server.ts';
import { createKvPostStatusStore } from './posts/post-status-store.ts';
import { createTokenKeeperClient } from './token-keeper-client.ts';
import { createKvWebhookStore } from './webhooks/webhook-store.ts';

/** Everything the gateway runs on, over one NATS connection (main and the tests build it the same way). */
export async function createGatewayDeps(
  nc: NatsConnection,
  config: GatewayConfig,
  options: { logger: Logger; now?: () => number; registry?: Registry },
): Promise<GatewayDeps> {
  const now = options.now ?? Date.now;
  return {
    config,
    sessions: await createKvConnectSessionStore(nc, now),
    events: createEventPublisher(nc),
    tokenKeeper: createTokenKeeperClient(nc),
    posts: await createKvPostStatusStore(nc),
    webhooks: await createKvWebhookStore(nc, { keyring: createKeyring(config.tokenEncryptionKeys), now }),
    keyring: createKeyring(config.tokenEncryptionKeys),
    oauth: await createOAuthServer(nc, config.oauth, now),
    logger: options.logger,
    readiness: createReadiness({ nats: () => !nc.isClosed() }),
    now,
    ...(options.registry ? { registry: options.registry } : {}),
  };
}
