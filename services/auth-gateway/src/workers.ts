import type { NatsConnection } from '@nats-io/transport-node';
import type { RunningConsumer } from '@li-bus/messaging';
import type { GatewayDeps } from './deps.ts';
import { gatewayConsumers } from './nats-resources.ts';
import { createKvRefreshGuard } from './refresh/refresh-guard.ts';
import { createRefreshExecutor } from './refresh/refresh-executor.ts';
import { startRefreshConsumer } from './refresh/refresh-consumer.ts';
import { startPostStatusConsumers } from './posts/post-status-consumers.ts';
import { startWebhookWorkers } from './webhooks/start-webhooks.ts';

/** The gateway's background work: the refresh executor and the post status view. */
export async function startWorkers(
  nc: NatsConnection,
  deps: GatewayDeps,
  options: { durablePrefix?: string } = {},
): Promise<{ stop(): Promise<void> }> {
  const logger = deps.logger.child({ component: 'workers' });
  const executor = createRefreshExecutor({ ...deps, guard: await createKvRefreshGuard(nc) });
  const durables = gatewayConsumers(options.durablePrefix);
  const consumers: RunningConsumer[] = [
    await startRefreshConsumer({
      nc,
      executor,
      logger,
      concurrency: deps.config.refreshConcurrency,
      durable: durables.refresh.durable,
      registry: deps.registry,
    }),
    ...(await startPostStatusConsumers({
      nc,
      store: deps.posts,
      logger,
      durablePrefix: durables.postStatusPrefix,
    })),
    ...(await startWebhookWorkers(nc, deps, durables.webhooksPrefix)),
  ];
  return { stop: async () => void (await Promise.all(consumers.map((c) => c.stop()))) };
}
