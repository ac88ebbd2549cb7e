import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { createEventPublisher } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';
import { openLinkedInVersions } from '@li-bus/linkedin-versions';
import { createMetricsRegistry, createReadiness, type Registry } from '@li-bus/service-kit';
import { createNatsTokenKeeperClient } from '@li-bus/token-keeper-client';
import type { GatewayConfig } from './config.ts';
import { createKvConnectSessionStore } from './connect/connect-sessions.ts';
import { createKvQuotaReader } from './connections/quota-reader.ts';
import { createObjectMediaStore } from './posts/media-store.ts';
import { versionRefusalOf } from './linkedin/organizations.ts';
import type { GatewayDeps } from './deps.ts';
import { createOAuthServer } from './oauth-server/oauth-server.ts';
import { createKvPostStatusStore } from './posts/post-status-store.ts';
import { createKvWebhookStore } from './webhooks/webhook-store.ts';

/** Everything the gateway runs on, over one NATS connection (main and the tests build it the same way). */
export async function createGatewayDeps(
  nc: NatsConnection,
  config: GatewayConfig,
  options: { logger: Logger; now?: () => number; registry?: Registry },
): Promise<GatewayDeps> {
  const now = options.now ?? Date.now;
  const events = createEventPublisher(nc);
  const { versions } = await openLinkedInVersions({
    nc,
    configured: config.linkedin.version,
    refusalOf: versionRefusalOf,
    events,
    registry: options.registry ?? createMetricsRegistry('auth-gateway'),
    logger: options.logger,
    service: 'auth-gateway',
    replicas: config.streamReplicas,
  });
  return {
    config,
    sessions: await createKvConnectSessionStore(nc, now),
    events,
    linkedinVersions: versions,
    tokenKeeper: createNatsTokenKeeperClient(nc),
    posts: await createKvPostStatusStore(nc),
    quota: createKvQuotaReader(nc),
    media: createObjectMediaStore(nc),
    webhooks: await createKvWebhookStore(nc, { keyring: createKeyring(config.tokenEncryptionKeys), now }),
    keyring: createKeyring(config.tokenEncryptionKeys),
    oauth: await createOAuthServer(nc, config.oauth, now),
    logger: options.logger,
    readiness: createReadiness({ nats: () => !nc.isClosed() }),
    now,
    ...(options.registry ? { registry: options.registry } : {}),
  };
}
