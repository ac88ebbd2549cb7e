import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { requireNatsServerVersion } from './server-version.ts';

export interface ConnectOptions {
  url: string;
  /** Shown in the server's connection list (`nats server report connections`). */
  name: string;
  logger: Logger;
}

/**
 * `NATS_URL` may carry the service's credentials (`nats://user:password@host:4222,…`); nats.js ignores them in a
 * server URL, so they are taken out here and passed as `user`/`pass`.
 */
export function parseNatsUrl(url: string): { servers: string[]; user?: string; pass?: string } {
  let credentials: { user?: string; pass?: string } = {};
  const servers = url
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const parsed = new URL(entry.includes('://') ? entry : `nats://${entry}`);
      if (parsed.username) {
        credentials = {
          user: decodeURIComponent(parsed.username),
          pass: decodeURIComponent(parsed.password),
        };
      }
      return `${parsed.protocol}//${parsed.host}`;
    });
  return { servers, ...credentials };
}

/**
 * Connects with unlimited reconnects and logs every status change (never credentials). Refuses a server older
 * than `MIN_NATS_SERVER_VERSION` (logged as `fatal`, connection closed, `NatsServerTooOldError` thrown), so a
 * service exits at start rather than run without the features it relies on.
 */
export async function connectNats({ url, name, logger }: ConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    ...parseNatsUrl(url),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
    // nats.js otherwise builds an Error per request (and per timeout) only to keep the caller's stack for a
    // failure: about 15% of the publisher's CPU in the pipeline bench. Errors keep their message and code.
    noAsyncTraces: true,
  });
  try {
    requireNatsServerVersion(nc);
  } catch (error) {
    logger.fatal({ server: nc.getServer(), version: nc.info?.version }, (error as Error).message);
    await nc.close();
    throw error;
  }
  logger.info({ server: nc.getServer(), version: nc.info?.version }, 'connected to NATS');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'ping') continue;
      const level = status.type === 'disconnect' || status.type === 'error' ? 'warn' : 'info';
      logger[level]({ status: status.type }, 'NATS connection status');
    }
  })();
  return nc;
}
