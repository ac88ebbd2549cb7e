import type { NatsConnection } from '@nats-io/transport-node';
import type { Service } from '@nats-io/services';
import type { Logger } from 'pino';
import { serveTokenKeeper, type RunningConsumer } from '@li-bus/messaging';
import { createOpsApp, type WorkerService } from '@li-bus/service-kit';
import type { Keyring } from '@li-bus/sealing';
import { startTokenIngest } from './ingest.ts';
import { createTokenKeeperHandlers } from './token-keeper-handlers.ts';
import type { TokenStore } from './token-store.ts';

export interface KeeperDeps {
  nc: NatsConnection;
  store: TokenStore;
  keyring: Keyring;
  logger: Logger;
  now?: () => number;
  storeReady?: () => boolean;
}

/** Consumers of the token events and the `tokens.*` endpoints. */
export type Keeper = WorkerService;

export function buildKeeper(deps: KeeperDeps): Keeper {
  const now = deps.now ?? Date.now;
  let consumers: RunningConsumer[] = [];
  let service: Service | undefined;
  let started = false;
  const { http, readiness } = createOpsApp(deps.logger, {
    nats: () => !deps.nc.isClosed(),
    redis: deps.storeReady ?? (() => true),
    consumers: () => started,
  });

  return {
    http,
    readiness,
    async start() {
      consumers = await startTokenIngest({ ...deps, logger: deps.logger.child({ component: 'ingest' }) });
      service = await serveTokenKeeper(deps.nc, {
        version: '0.1.0',
        logger: deps.logger.child({ component: 'tokens-service' }),
        handlers: createTokenKeeperHandlers({ store: deps.store, now }),
      });
      started = true;
    },
    async stop() {
      readiness.markClosing();
      await service?.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    },
  };
}
