import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { WEBHOOK_STREAM, STREAMS } from '@li-bus/contracts';
import type { EventPublisher, RunningConsumer } from '@li-bus/messaging';
import type { Registry } from '@li-bus/service-kit';
import type { GatewayConfig } from '../config.ts';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';
import { createConnectionTenants } from './connection-tenants.ts';
import { startWebhookDeliveryWorker } from './webhook-delivery-worker.ts';
import { startWebhookFanOut } from './webhook-fan-out.ts';
import { createWebhookMetrics } from './webhook-metrics.ts';
import { createWebhookSender } from './webhook-sender.ts';
import type { WebhookStore } from './webhook-store.ts';
import { ensureWebhookStream } from './webhook-stream.ts';

export interface WebhookWorkerDeps {
  config: Pick<GatewayConfig, 'webhooks' | 'streamReplicas'>;
  events: EventPublisher;
  tokenKeeper: Pick<TokenKeeperClient, 'status'>;
  webhooks: WebhookStore;
  logger: Logger;
  now: () => number;
  registry?: Registry | undefined;
}

/** The durable consumers of the webhooks feature (for the consumer backlog metrics). */
export function webhookConsumers(prefix: string): { stream: string; durable: string }[] {
  return [
    { stream: STREAMS.posts.name, durable: `${prefix}-webhooks-posts` },
    { stream: STREAMS.tokens.name, durable: `${prefix}-webhooks-tokens` },
    { stream: WEBHOOK_STREAM.name, durable: `${prefix}-webhooks-deliver` },
  ];
}

/** The fan-out of bus events into delivery jobs, and the delivery worker. */
export async function startWebhookWorkers(
  nc: NatsConnection,
  deps: WebhookWorkerDeps,
  prefix: string,
): Promise<RunningConsumer[]> {
  const logger = deps.logger.child({ component: 'webhooks' });
  await ensureWebhookStream(nc, { replicas: deps.config.streamReplicas });
  const sender = createWebhookSender({ allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks });
  const fanOut = await startWebhookFanOut({
    nc,
    events: deps.events,
    webhooks: deps.webhooks,
    tenants: createConnectionTenants({ tokenKeeper: deps.tokenKeeper }),
    logger,
    durablePrefix: `${prefix}-webhooks`,
  });
  const worker = await startWebhookDeliveryWorker({
    nc,
    webhooks: deps.webhooks,
    sender,
    metrics: createWebhookMetrics(deps.registry),
    logger,
    now: deps.now,
    durable: `${prefix}-webhooks-deliver`,
    concurrency: deps.config.webhooks.concurrency,
    retryDelaysMs: deps.config.webhooks.retryDelaysMs,
  });
  const delivering: RunningConsumer = {
    get inFlight() {
      return worker.inFlight;
    },
    async stop() {
      await worker.stop();
      await sender.close();
    },
  };
  return [...fanOut, delivering];
}
