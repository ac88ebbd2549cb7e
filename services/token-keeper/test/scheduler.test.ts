import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTokenKeeper, requestTokens, type TokensGetError } from '@li-bus/token-keeper-client';
import { DEFAULT_POLICY } from '../src/schedule-policy.ts';
import {
  createClock,
  DAY,
  HOUR,
  readEvents,
  settled,
  startFixture,
  tokenEvent,
  type Fixture,
} from './fixture.ts';

const MIN = 60_000;
// Real time as the start: Redis expires records on its own clock.
const START = Date.now();
const clock = createClock(START);
/** Non-default notice times, to show they are the configured ones. */
const policy = {
  ...DEFAULT_POLICY,
  expiryNoticesMs: [5 * DAY, 2 * HOUR],
  refreshTokenNoticesMs: [20 * DAY, 3 * DAY],
};

async function eventsFor(f: Fixture, subject: string, connectionId: string) {
  const events = await readEvents<{ connectionId: string } & Record<string, unknown>>(f, subject);
  return events.filter((event) => event.body.connectionId === connectionId);
}

describe('the scheduler on a moved clock', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ now: clock.now, policy });
  });
  afterAll(async () => {
    await f.stop();
  });

  const at = async (ms: number) => {
    clock.set(ms);
    return f.keeper.scheduler.tick();
  };

  it('asks for a refresh 7 days ahead, backs off, and keeps the refresh token horizon after the refresh', async () => {
    const id = 'conn-refresh-cycle';
    const t0 = clock.now();
    const issued = tokenEvent(f, id, { issuedAt: t0 });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', issued)).seq);
    const expiresAt = Date.parse(issued.accessTokenExpiresAt);
    const due = expiresAt - 7 * DAY;
    expect(await f.schedule.nextActionAt(id)).toBe(due);

    expect(await at(due - 1)).toEqual({ claimed: 0, emitted: 0 });
    expect(await at(due)).toEqual({ claimed: 1, emitted: 1 });
    expect(await at(due + 14 * MIN)).toEqual({ claimed: 0, emitted: 0 });
    expect(await at(due + 15 * MIN)).toEqual({ claimed: 1, emitted: 1 });
    expect(await eventsFor(f, 'token.refresh.due', id)).toEqual(
      [1, 2].map((attempt) => ({
        msgId: `${id}:refresh-due:${expiresAt}:${attempt}`,
        body: {
          eventId: `${id}:refresh-due:${expiresAt}:${attempt}`,
          connectionId: id,
          accessTokenExpiresAt: issued.accessTokenExpiresAt,
          attempt,
        },
      })),
    );

    // The gateway refreshes: same refresh token, and (wrongly) a horizon a year from now.
    const refreshed = tokenEvent(f, id, { issuedAt: clock.now(), refreshExpiresAt: clock.now() + 365 * DAY });
    await settled(f, 'token.refreshed', (await f.publisher.publish('token.refreshed', refreshed)).seq);
    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: id });
    expect(status.accessTokenExpiresAt).toBe(refreshed.accessTokenExpiresAt);
    expect(status.refreshTokenExpiresAt).toBe(issued.refreshTokenExpiresAt);
    const nextDue = Date.parse(refreshed.accessTokenExpiresAt) - 7 * DAY;
    expect(await f.schedule.nextActionAt(id)).toBe(nextDue);

    // No attempt 3 for the old token.
    expect(await at(due + 2 * HOUR)).toEqual({ claimed: 0, emitted: 0 });
    expect(await eventsFor(f, 'token.refresh.due', id)).toHaveLength(2);
  });

  it('sends the no_refresh_token notices at the configured times, then expires the connection', async () => {
    const id = 'conn-no-refresh';
    clock.set(START);
    const issued = tokenEvent(f, id, { issuedAt: clock.now(), withRefresh: false });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', issued)).seq);
    const expiresAt = Date.parse(issued.accessTokenExpiresAt);
    const notices = () => eventsFor(f, 'token.expiring', id);

    expect(await at(expiresAt - 5 * DAY - 1)).toMatchObject({ emitted: 0 });
    expect(await at(expiresAt - 5 * DAY)).toMatchObject({ emitted: 1 });
    expect((await notices()).map((e) => e.body)).toEqual([
      expect.objectContaining({ reason: 'no_refresh_token', expiresAt: issued.accessTokenExpiresAt }),
    ]);
    expect((await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: id })).status).toBe('expiring');
    expect(await at(expiresAt - 2 * HOUR - 1)).toMatchObject({ emitted: 0 });
    expect(await at(expiresAt - 2 * HOUR)).toMatchObject({ emitted: 1 });
    expect(await notices()).toHaveLength(2);

    expect(await at(expiresAt)).toMatchObject({ emitted: 1 });
    const expired = await eventsFor(f, 'token.expired', id);
    expect(expired.map((e) => e.body)).toEqual([
      expect.objectContaining({ connectionId: id, expiredAt: issued.accessTokenExpiresAt }),
    ]);
    expect(await f.store.get(id)).toMatchObject({ status: 'expired' });
    expect(await f.schedule.nextActionAt(id)).toBeNull();
    await expect(requestTokens(f.nc, id)).rejects.toMatchObject({
      code: 'expired',
    } satisfies Partial<TokensGetError>);
    expect(await at(expiresAt + DAY)).toMatchObject({ emitted: 0 });
  });

  it('warns at the configured times before the refresh token horizon', async () => {
    const id = 'conn-horizon';
    clock.set(START);
    const horizon = clock.now() + 40 * DAY;
    const issued = tokenEvent(f, id, { issuedAt: clock.now(), refreshExpiresAt: horizon });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', issued)).seq);
    const notices = async () => (await eventsFor(f, 'token.expiring', id)).map((e) => e.body);

    expect(await at(horizon - 20 * DAY - 1)).toMatchObject({ emitted: 0 });
    expect(await at(horizon - 20 * DAY)).toMatchObject({ emitted: 1 });
    expect(await at(horizon - 3 * DAY - 1)).toMatchObject({ emitted: 0 });
    expect(await at(horizon - 3 * DAY)).toMatchObject({ emitted: 1 });
    expect(await notices()).toEqual([
      expect.objectContaining({
        reason: 'refresh_token_expiring',
        expiresAt: new Date(horizon).toISOString(),
      }),
      expect.objectContaining({
        reason: 'refresh_token_expiring',
        expiresAt: new Date(horizon).toISOString(),
      }),
    ]);
    const ids = (await eventsFor(f, 'token.expiring', id)).map((e) => e.msgId);
    expect(new Set(ids).size).toBe(2);
  });
});
