import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTokenKeeper } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { tokenWriteOf } from '../src/token-write.ts';
import {
  DAY,
  HOUR,
  metricSum,
  publishRaw,
  settled,
  startFixture,
  tokenEvent,
  type Fixture,
} from './fixture.ts';

describe('token ingest under races and replays', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ replicas: 2 });
  });
  afterAll(async () => {
    await f.stop();
  });

  it('never loses a refresh token to a newer token.issued without one, over 50 concurrent pairs', async () => {
    const t = Date.now();
    const pairs = Array.from({ length: 50 }, (_, i) => {
      const id = `conn-race-${i}`;
      return {
        id,
        olderRefreshed: tokenEvent(f, id, { issuedAt: t - HOUR, refreshExpiresAt: t + 300 * DAY }),
        newerIssued: tokenEvent(f, id, { issuedAt: t, withRefresh: false }),
      };
    });
    // Both subjects are consumed by two replicas at once: the two events of a pair race each other.
    const published = pairs.map((pair, i) => {
      const refreshed = f.publisher.publish('token.refreshed', pair.olderRefreshed);
      const issued = f.publisher.publish('token.issued', pair.newerIssued);
      return i % 2 ? { refreshed, issued } : { issued, refreshed };
    });
    // A filtered consumer's delivered sequence is the last message of its own subject.
    const last = async (acks: Promise<{ seq: number }>[]) =>
      Math.max(...(await Promise.all(acks)).map((ack) => ack.seq));
    await settled(f, 'token.issued', await last(published.map((p) => p.issued)), 10_000);
    await settled(f, 'token.refreshed', await last(published.map((p) => p.refreshed)), 10_000);

    for (const pair of pairs) {
      const record = await f.store.get(pair.id);
      expect(record, pair.id).toMatchObject({
        accessToken: pair.newerIssued.accessToken,
        refreshToken: pair.olderRefreshed.refreshToken,
        refreshTokenExpiresAt: pair.olderRefreshed.refreshTokenExpiresAt,
        issuedAt: pair.newerIssued.issuedAt,
        connectedAt: pair.olderRefreshed.issuedAt,
      });
    }
  });

  it('merges the same race deterministically at the store, in either order', async () => {
    const t = Date.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const id = `conn-store-race-${i}`;
        const older = tokenWriteOf(tokenEvent(f, id, { issuedAt: t - HOUR }), 'refreshed');
        const newer = tokenWriteOf(tokenEvent(f, id, { issuedAt: t, withRefresh: false }), 'issued');
        const writes = i % 2 ? [older, newer] : [newer, older];
        await Promise.all(writes.map((write) => f.store.writeTokens(write, t)));
        const record = await f.store.get(id);
        expect(record?.accessToken).toBe(newer.part.accessToken);
        expect(record?.refreshToken).toBe(older.refreshToken);
      }),
    );
  });

  it('changes nothing when a stale token.issued is replayed after a newer token.refreshed', async () => {
    const t = Date.now();
    const id = 'conn-replay';
    const issued = tokenEvent(f, id, { issuedAt: t - 2 * HOUR });
    const refreshed = tokenEvent(f, id, { issuedAt: t - HOUR, refreshExpiresAt: t + 300 * DAY });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', issued)).seq);
    await settled(f, 'token.refreshed', (await f.publisher.publish('token.refreshed', refreshed)).seq);
    const key = `tk:conn:{${id}}`;
    const before = { hash: await f.redis.hgetall(key), next: await f.schedule.nextActionAt(id) };
    expect(before.hash['rev']).toBe('2');
    const staleBefore = await metricSum(f.keepers, 'token_keeper_stale_events_total', {
      subject: 'token.issued',
    });

    // A replay (from a backup, a re-published stream): the same body under a new message id.
    const seq = await publishRaw(f, 'token.issued', JSON.stringify(issued), `replay-${issued.eventId}`);
    await settled(f, 'token.issued', seq);

    expect(await f.redis.hgetall(key)).toEqual(before.hash);
    expect(await f.schedule.nextActionAt(id)).toBe(before.next);
    expect(await metricSum(f.keepers, 'token_keeper_stale_events_total', { subject: 'token.issued' })).toBe(
      staleBefore + 1,
    );
    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: id });
    expect(status.refreshTokenExpiresAt).toBe(refreshed.refreshTokenExpiresAt);
    expect(status.accessTokenExpiresAt).toBe(refreshed.accessTokenExpiresAt);
  });

  it('keeps a record in Redis at least as long as its refresh token is valid', async () => {
    const t = Date.now();
    const id = 'conn-ttl';
    const horizon = t + 365 * DAY;
    const first = tokenEvent(f, id, { issuedAt: t - HOUR, refreshExpiresAt: horizon });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', first)).seq);
    // A newer access token (short-lived, no refresh token) must not shorten the record's life.
    const shortLived = tokenEvent(f, id, { issuedAt: t, accessTtlMs: HOUR, withRefresh: false });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', shortLived)).seq);
    const expireAt = await waitFor(async () => Number(await f.redis.pexpiretime(`tk:conn:{${id}}`)));
    expect(expireAt).toBeGreaterThanOrEqual(horizon);
  });
});
