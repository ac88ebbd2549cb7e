import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { tokenIssued, tokenRefreshed, tokenRevoked } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import {
  createInMemoryTokenKeeper,
  handlersOf,
  serveTokenKeeper,
  type InMemoryTokenKeeper,
  type StoredConnection,
} from '@li-bus/token-keeper-client';

/**
 * The in-memory token-keeper for the gateway's tests: it stores `token.issued` / `token.refreshed` /
 * `token.revoked` as they pass on the real bus and answers `tokens.*` through the real services API.
 */
export interface BusTokenKeeper extends InMemoryTokenKeeper {
  waitFor(connectionId: string, predicate?: (record: StoredConnection) => boolean): Promise<StoredConnection>;
  stop(): Promise<void>;
}

const EVENTS = { 'token.issued': tokenIssued, 'token.refreshed': tokenRefreshed } as const;

export async function startInMemoryTokenKeeper(nc: NatsConnection): Promise<BusTokenKeeper> {
  const keeper = createInMemoryTokenKeeper();
  const sub = nc.subscribe('token.>', {
    callback: (_error, msg) => {
      let body: unknown;
      try {
        body = msg.json();
      } catch {
        return; // poison messages are the consumers' business, not this stand-in's
      }
      if (msg.subject === 'token.issued' || msg.subject === 'token.refreshed') {
        const parsed = EVENTS[msg.subject].safeParse(body);
        if (parsed.success) keeper.store(parsed.data);
      } else if (msg.subject === 'token.revoked') {
        const parsed = tokenRevoked.safeParse(body);
        if (parsed.success) keeper.revoke(parsed.data.connectionId, parsed.data.revokedAt);
      }
    },
  });
  await nc.flush();
  const service = await serveTokenKeeper(nc, {
    version: '0.0.1',
    logger: pino({ level: 'silent' }),
    handlers: handlersOf(keeper),
  });
  return Object.assign(keeper, {
    waitFor: (connectionId: string, predicate: (record: StoredConnection) => boolean = () => true) =>
      waitFor(
        () => {
          const record = keeper.records.get(connectionId);
          return record && predicate(record) ? record : undefined;
        },
        { message: `token-keeper never saw ${connectionId}` },
      ),
    async stop() {
      sub.unsubscribe();
      await service.stop();
    },
  });
}
