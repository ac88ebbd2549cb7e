import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleAt } from '../src/plan-actions.ts';
import { DEFAULT_POLICY } from '../src/schedule-policy.ts';
import { tokenWriteOf } from '../src/token-write.ts';
import {
  createClock,
  DAY,
  metricSum,
  readEvents,
  startFixture,
  tokenEvent,
  type Fixture,
} from './fixture.ts';

const CONNECTIONS = 10_000;
// Every connection's refresh falls due in the same second.
const dueSecond = Math.floor(Date.now() / 1000) * 1000 + 60_000;
const clock = createClock(dueSecond - DAY);

describe('three keeper replicas on one Redis', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ replicas: 3, now: clock.now, scheduler: { batchSize: 200 } });
  });
  afterAll(async () => {
    await f.stop();
  });

  it(`emit exactly ${CONNECTIONS} token.refresh.due for ${CONNECTIONS} connections due in the same second`, async () => {
    const ids = Array.from({ length: CONNECTIONS }, (_, i) => `conn-bulk-${i}`);
    // Sealing dominates seeding and nothing here opens the tokens: reuse a few sealed pairs.
    const pool = Array.from({ length: 50 }, (_, k) =>
      tokenEvent(f, `conn-pool-${k}`, { issuedAt: dueSecond }),
    );
    for (let i = 0; i < ids.length; i += 1000) {
      await Promise.all(
        ids.slice(i, i + 1000).map(async (id, j) => {
          // Expiring 7 days (the refresh lead) after the due second, at a different millisecond each.
          const issuedAt = dueSecond + (j % 1000) + 7 * DAY - 60 * DAY;
          const event = {
            ...(pool[j % pool.length] ?? tokenEvent(f, id, { issuedAt })),
            connectionId: id,
            issuedAt: new Date(issuedAt).toISOString(),
            accessTokenExpiresAt: new Date(issuedAt + 60 * DAY).toISOString(),
          };
          const { record } = await f.store.writeTokens(tokenWriteOf(event, 'issued'), clock.now());
          if (!record) throw new Error(`${id} not stored`);
          await f.schedule.place(id, record.revision, scheduleAt(record, clock.now(), DEFAULT_POLICY));
        }),
      );
    }
    expect(await f.schedule.size()).toEqual({ scheduled: CONNECTIONS, leased: 0 });

    clock.set(dueSecond + 999);
    const ticks = await Promise.all(f.keepers.map((keeper) => keeper.scheduler.tick()));
    expect(ticks.reduce((sum, tick) => sum + tick.emitted, 0)).toBe(CONNECTIONS);
    // The claims really were shared between the replicas.
    for (const tick of ticks) expect(tick.claimed).toBeGreaterThan(0);
    expect(await metricSum(f.keepers, 'token_keeper_claimed_total')).toBe(CONNECTIONS);
    expect(await metricSum(f.keepers, 'token_keeper_duplicate_emits_total')).toBe(0);
    expect(await metricSum(f.keepers, 'token_keeper_emitted_total', { subject: 'token.refresh.due' })).toBe(
      CONNECTIONS,
    );

    const events = await readEvents<{ eventId: string; connectionId: string; attempt: number }>(
      f,
      'token.refresh.due',
    );
    expect(events).toHaveLength(CONNECTIONS);
    expect(new Set(events.map((event) => event.msgId)).size).toBe(CONNECTIONS);
    expect(new Set(events.map((event) => event.body.eventId)).size).toBe(CONNECTIONS);
    expect(new Set(events.map((event) => event.body.connectionId))).toEqual(new Set(ids));
    expect(events.every((event) => event.body.attempt === 1)).toBe(true);

    // Everything is rescheduled for attempt 2, nothing is left leased, and nothing more is due this second.
    expect(await f.schedule.size()).toEqual({ scheduled: CONNECTIONS, leased: 0 });
    const again = await Promise.all(f.keepers.map((keeper) => keeper.scheduler.tick()));
    expect(again.reduce((sum, tick) => sum + tick.claimed, 0)).toBe(0);
  }, 60_000);
});
