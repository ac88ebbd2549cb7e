import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface ConnectOptions {
  url: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  name: string;
  logger: Logger;
}

/** Connects with unlimited reconnects and logs every status change (never credentials). */
export async function connectNats({ url, name, logger }: ConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
  });
  logger.info({ server: nc.getServer() }, 'connected to NATS');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'ping') continue;
      const level = status.type === 'disconnect' || status.type === 'error' ? 'warn' : 'info';
      logger[level]({ status: status.type }, 'NATS connection status');
    }
  })();
  return nc;
}
