import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTokens } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { DEFAULT_POLICY } from '../src/schedule-policy.ts';
import {
  createClock,
  DAY,
  HOUR,
  redisDump,
  settled,
  startFixture,
  tokenEvent,
  type Fixture,
} from './fixture.ts';

const clock = createClock(Date.now());

/** Records and schedule only (not the rebuild lock or metadata timestamps). */
async function snapshot(f: Fixture) {
  const dump = await redisDump(f.redis);
  return dump.replace(/builtAt\n[^\n]+/g, 'builtAt');
}

describe('token-keeper state across Redis restarts and schedule loss', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ appendOnly: true, now: clock.now });
    if (f.redisServer.external) throw new Error('needs a Redis of its own (REDIS_URL is set)');
    let seq = 0;
    for (let i = 0; i < 30; i++) {
      const event = tokenEvent(f, `conn-keep-${i}`, {
        issuedAt: clock.now() - i * DAY,
        withRefresh: i % 3 !== 0,
        refreshExpiresAt: clock.now() + (20 + i) * DAY,
      });
      seq = (await f.publisher.publish('token.issued', event)).seq;
    }
    await settled(f, 'token.issued', seq, 10_000);
    // Let the scheduler act once, so that notice markers and attempts are part of the state too.
    await f.keeper.scheduler.tick();
  });
  afterAll(async () => {
    await f.stop();
  });

  it('keeps every record and every schedule entry through a restart (append-only file)', async () => {
    const before = await snapshot(f);
    expect(before).toContain('tk:schedule');
    expect(before.match(/tk:conn:/g)).toHaveLength(30);

    await f.redisServer.stop();
    await f.redisServer.restart();
    await waitFor(async () => (await f.redis.ping()) === 'PONG', { timeoutMs: 10_000 });

    expect(await snapshot(f)).toBe(before);
    await waitFor(() => requestTokens(f.nc, 'conn-keep-1'), { timeoutMs: 5000 });
    // And the keeper carries on: the next refresh of conn-keep-10 (issued 10 days ago) is due in 43 days.
    clock.advance(43 * DAY + HOUR);
    const tick = await f.keeper.scheduler.tick();
    expect(tick.emitted).toBeGreaterThan(0);
  });

  it('rebuilds a lost schedule from the stored records on start', async () => {
    const entries = await f.redis.zrange('tk:schedule', '0', '-1', 'WITHSCORES');
    expect(entries.length).toBeGreaterThan(0);
    await f.redis.del('tk:schedule');

    await f.addKeeper();
    expect(await f.redis.zrange('tk:schedule', '0', '-1', 'WITHSCORES')).toEqual(entries);
  });

  it('rebuilds when the schedule was computed with another policy', async () => {
    const lead = 10 * DAY;
    const id = 'conn-policy';
    const event = tokenEvent(f, id, { issuedAt: clock.now() });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', event)).seq);
    const expiresAt = Date.parse(event.accessTokenExpiresAt);
    expect(await f.schedule.nextActionAt(id)).toBe(expiresAt - 7 * DAY);
    const keeper = await f.addKeeper({ policy: { ...DEFAULT_POLICY, refreshLeadMs: lead } });
    expect(await f.schedule.nextActionAt(id)).toBe(expiresAt - lead);
    await keeper.stop();
  });
});
