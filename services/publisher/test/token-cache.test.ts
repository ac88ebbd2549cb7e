import { connect } from '@nats-io/transport-node';
import { describe, expect } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher, ensureStreams } from '@li-bus/messaging';
import { createInMemoryTokenKeeper, type StoredTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { test } from '@li-bus/testkit/fixtures';
import { createTokenCache } from '../src/token-cache.ts';

const sealed = (n: number) => `v1.k1.AAAAAAAAAAAAAAAA.dG9rZW4${n}.AAAAAAAAAAAAAAAAAAAAAA`;
const HOUR = 3600_000;

function tokens(connectionId: string, n: number, issuedAt = Date.now()): StoredTokens {
  return {
    connectionId,
    tenantId: 'tenant-a',
    member: { sub: 'm1', name: 'Ada' },
    organizations: [],
    scopes: ['openid', 'w_member_social'],
    accessToken: sealed(n),
    accessTokenExpiresAt: new Date(issuedAt + HOUR).toISOString(),
    issuedAt: new Date(issuedAt).toISOString(),
  };
}

/** The in-memory token-keeper, counting the `tokens.get` it answers. */
function countingKeeper() {
  const keeper = createInMemoryTokenKeeper();
  const asked: string[] = [];
  const client = {
    get: (connectionId: string) => {
      asked.push(connectionId);
      return keeper.get(connectionId);
    },
  };
  return { keeper, asked, client };
}

const eventId = () => `evt-${Math.random().toString(36).slice(2)}`;

describe('token cache: tokens.get replies until a token event names the connection', () => {
  test('answers again from memory, and asks token-keeper again after token.refreshed', async ({ nc }) => {
    await ensureStreams(nc);
    const events = createEventPublisher(nc);
    const { keeper, asked, client } = countingKeeper();
    const cache = await createTokenCache(nc, client);
    keeper.store(tokens('conn-1', 1, Date.now() - 1000));
    keeper.store(tokens('conn-2', 2, Date.now() - 1000));

    expect((await cache.get('conn-1')).accessToken).toBe(sealed(1));
    expect((await cache.get('conn-1')).accessToken).toBe(sealed(1));
    await cache.get('conn-2');
    expect(asked).toEqual(['conn-1', 'conn-2']);

    const refreshed = tokens('conn-1', 3);
    keeper.store(refreshed);
    await events.publish(SUBJECTS.tokenRefreshed, { eventId: eventId(), ...refreshed });
    await waitFor(() => cache.size === 1 || undefined);
    expect((await cache.get('conn-1')).accessToken).toBe(sealed(3));
    await cache.get('conn-2'); // another connection's reply stays
    expect(asked).toEqual(['conn-1', 'conn-2', 'conn-1']);
    cache.close();
  });

  test('a get after token.revoked fails as revoked', async ({ nc }) => {
    await ensureStreams(nc);
    const events = createEventPublisher(nc);
    const { keeper, client } = countingKeeper();
    const cache = await createTokenCache(nc, client);
    keeper.store(tokens('conn-r', 1, Date.now() - 1000));
    await cache.get('conn-r');

    const revokedAt = new Date().toISOString();
    keeper.revoke('conn-r', revokedAt);
    await events.publish(SUBJECTS.tokenRevoked, { eventId: eventId(), connectionId: 'conn-r', revokedAt });
    await waitFor(() => cache.size === 0 || undefined);
    await expect(cache.get('conn-r')).rejects.toMatchObject({ code: 'revoked' });
    cache.close();
  });

  test('an event token-keeper has not stored yet: replies are not cached until one carries its token', async ({
    nc,
  }) => {
    await ensureStreams(nc);
    const events = createEventPublisher(nc);
    const { keeper, asked, client } = countingKeeper();
    const cache = await createTokenCache(nc, client);
    keeper.store(tokens('conn-lag', 1, Date.now() - 1000));
    await cache.get('conn-lag');

    // The event reaches the publisher first; token-keeper stores it a moment later.
    const refreshed = tokens('conn-lag', 2);
    await events.publish(SUBJECTS.tokenRefreshed, { eventId: eventId(), ...refreshed });
    await waitFor(() => cache.size === 0 || undefined);
    expect((await cache.get('conn-lag')).accessToken).toBe(sealed(1)); // token-keeper's answer, as without a cache
    keeper.store(refreshed);
    expect((await cache.get('conn-lag')).accessToken).toBe(sealed(2)); // not the reply from before the store
    expect((await cache.get('conn-lag')).accessToken).toBe(sealed(2));
    expect(asked).toEqual(['conn-lag', 'conn-lag', 'conn-lag']);
    cache.close();
  });

  test('a reply asked before a reconnect is not cached (events may have been missed meanwhile)', async ({
    nats,
  }) => {
    const own = await connect({ servers: nats.url });
    const keeper = createInMemoryTokenKeeper();
    keeper.store(tokens('conn-f', 1, Date.now() - 1000));
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    const cache = await createTokenCache(own, {
      get: async (id) => {
        asked += 1;
        const reply = await keeper.get(id); // read before the reconnect…
        await gate; // …answered after it
        return reply;
      },
    });
    const pending = cache.get('conn-f');
    const reconnected = (async () => {
      for await (const status of own.status()) if (status.type === 'reconnect') return;
    })();
    await own.reconnect();
    await reconnected;
    release();
    await pending;
    expect(cache.size).toBe(0);
    await cache.get('conn-f');
    expect(asked).toBe(2);
    cache.close();
    await own.close();
  });

  test('fresh asks token-keeper; max age and size are bounded', async ({ nc }) => {
    const { keeper, asked, client } = countingKeeper();
    const clock = { now: Date.now() };
    const cache = await createTokenCache(nc, client, { maxEntries: 2, maxAgeMs: 1000, now: () => clock.now });
    for (const id of ['a', 'b', 'c']) keeper.store(tokens(id, 1, clock.now - 1000));
    await cache.get('a');
    await cache.get('a', { fresh: true });
    expect(asked).toEqual(['a', 'a']);
    await cache.get('b');
    await cache.get('a'); // a is now the most recently used
    await cache.get('c'); // drops b
    expect(cache.size).toBe(2);
    await cache.get('a');
    await cache.get('b');
    expect(asked).toEqual(['a', 'a', 'b', 'c', 'b']);
    clock.now += 1000;
    await cache.get('a');
    expect(asked.at(-1)).toBe('a');
    expect(asked).toHaveLength(6);
    cache.close();
  });

  test('a reconnect to NATS drops every reply', async ({ nats }) => {
    const own = await connect({ servers: nats.url });
    const { keeper, asked, client } = countingKeeper();
    const cache = await createTokenCache(own, client);
    keeper.store(tokens('conn-x', 1, Date.now() - 1000));
    await cache.get('conn-x');
    expect(cache.size).toBe(1);
    await own.reconnect();
    await waitFor(() => cache.size === 0 || undefined);
    await cache.get('conn-x');
    expect(asked).toEqual(['conn-x', 'conn-x']);
    cache.close();
    await own.close();
  });
});
