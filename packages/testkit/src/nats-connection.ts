import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { ManagedServer } from './managed-server.ts';
import { startNats, type StartNatsOptions } from './start-nats.ts';
import type { Defer } from './use-harness.ts';

export interface NatsWithConnection {
  server: ManagedServer;
  nc: NatsConnection;
  natsUrl: string;
}

/** A NATS server of its own and one connection to it; both closed by the steps given to `defer`. */
export async function startNatsWithConnection(
  defer: Defer,
  options: StartNatsOptions = {},
): Promise<NatsWithConnection> {
  const server = await startNats(options);
  defer(() => server.close());
  const nc = await connect({ servers: server.url });
  defer(() => nc.close());
  return { server, nc, natsUrl: server.url };
}
