// Many connections at once without a browser: `token.issued` events with freshly sealed (made-up) tokens,
// published on the bus exactly as the gateway does, so token-keeper stores and schedules them the real way.
import type { NatsConnection } from '@nats-io/transport-node';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { createKeyring } from '@li-bus/sealing';

const DAY_MS = 24 * 3600 * 1000;

export interface SeedConnectionsOptions {
  nc: NatsConnection;
  /** The `TOKEN_ENCRYPTION_KEYS` the services run with. */
  tokenEncryptionKeys: string;
  count: number;
  prefix: string;
  tenantId?: string;
  /** Publishes in flight at once (default 64). */
  concurrency?: number;
}

/** Publishes `count` `token.issued` events and returns their connection ids. */
export async function seedConnections(options: SeedConnectionsOptions): Promise<string[]> {
  const keyring = createKeyring(options.tokenEncryptionKeys);
  const events = createEventPublisher(options.nc);
  const now = Date.now();
  const ids = Array.from({ length: options.count }, (_, i) => `${options.prefix}-${i}`);
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      await events.publish(SUBJECTS.tokenIssued, {
        eventId: `${id}:issued`,
        connectionId: id,
        tenantId: options.tenantId ?? 'tenant-seed',
        member: { sub: `seed${id.replace(/[^A-Za-z0-9]/g, '')}`, name: `Seeded ${id}` },
        organizations: [],
        scopes: ['openid', 'profile', 'w_member_social'],
        accessToken: keyring.seal(`seeded-access-${id}-${now}`, id),
        accessTokenExpiresAt: new Date(now + 60 * DAY_MS).toISOString(),
        refreshToken: keyring.seal(`seeded-refresh-${id}-${now}`, id),
        refreshTokenExpiresAt: new Date(now + 365 * DAY_MS).toISOString(),
        issuedAt: new Date(now).toISOString(),
      });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  return ids;
}
