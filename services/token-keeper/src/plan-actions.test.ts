import { describe, expect, it } from 'vitest';
import { planActions, scheduleAt } from './plan-actions.ts';
import { DEFAULT_POLICY } from './schedule-policy.ts';
import type { TokenRecord } from './token-record.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const E = T0 + 60 * DAY;

function record(overrides: Partial<TokenRecord> = {}): TokenRecord {
  return {
    connectionId: 'conn-1',
    tenantId: 't',
    member: { sub: 's', name: 'n' },
    organizations: [],
    scopes: [],
    accessToken: 'v1.sealed',
    accessTokenExpiresAt: new Date(E).toISOString(),
    refreshToken: 'v1.sealed-refresh',
    refreshTokenExpiresAt: new Date(T0 + 365 * DAY).toISOString(),
    issuedAt: new Date(T0).toISOString(),
    connectedAt: new Date(T0).toISOString(),
    status: 'active',
    version: T0,
    revision: 1,
    notices: {},
    ...overrides,
  };
}

const plan = (r: TokenRecord, now: number) => planActions(r, now, DEFAULT_POLICY);

describe('planActions with a refresh token', () => {
  const due = E - 7 * DAY;

  it('waits for the refresh lead', () => {
    expect(plan(record(), T0)).toEqual({ actions: [], markers: {}, expire: false, nextAt: due });
  });

  it('emits attempt 1 at the lead, then backs off 15 min, 30 min, … until expiry', () => {
    const first = plan(record(), due);
    expect(first.actions).toEqual([{ kind: 'refresh-due', accessTokenExpiresAt: E, attempt: 1 }]);
    expect(first.markers).toEqual({ refreshDue: `${E}:1` });
    expect(first.nextAt).toBe(due + 15 * MIN);

    const emitted = record({ notices: { refreshDue: `${E}:1` } });
    expect(plan(emitted, due + 10 * MIN)).toMatchObject({ actions: [], nextAt: due + 15 * MIN });
    expect(plan(emitted, due + 15 * MIN).actions).toEqual([
      { kind: 'refresh-due', accessTokenExpiresAt: E, attempt: 2 },
    ]);
    expect(plan(emitted, due + 45 * MIN)).toMatchObject({
      markers: { refreshDue: `${E}:3` },
      nextAt: due + 105 * MIN,
    });
    // Never past expiry.
    expect(plan(emitted, E - MIN).nextAt).toBe(E);
  });

  it('marks the connection expired once the access token is past its expiry', () => {
    expect(plan(record(), E)).toEqual({
      actions: [{ kind: 'expired', expiredAt: E }],
      markers: {},
      expire: true,
      nextAt: null,
    });
  });

  it('warns before the refresh token horizon, then treats it as gone', () => {
    const horizon = T0 + 40 * DAY;
    const r = record({ refreshTokenExpiresAt: new Date(horizon).toISOString() });
    expect(plan(r, T0).nextAt).toBe(horizon - 30 * DAY);
    expect(plan(r, horizon - 30 * DAY).actions).toEqual([
      { kind: 'expiring', reason: 'refresh_token_expiring', expiresAt: horizon, offsetMs: 30 * DAY },
    ]);
    const warned = record({ ...r, notices: { refreshToken: `${horizon}:${30 * DAY}` } });
    expect(plan(warned, horizon - 20 * DAY)).toMatchObject({ actions: [], nextAt: horizon - 7 * DAY });
    // Past the horizon there is no refresh token to use: the no_refresh_token notices take over.
    expect(plan(warned, horizon + 1).nextAt).toBe(E - 7 * DAY);
  });

  it('leaves revoked and reauth_required connections alone', () => {
    for (const status of ['revoked', 'reauth_required', 'expired'] as const) {
      expect(plan(record({ status }), E + DAY)).toEqual({
        actions: [],
        markers: {},
        expire: false,
        nextAt: null,
      });
    }
  });
});

describe('planActions without a refresh token', () => {
  const r = record({ refreshToken: undefined as never, refreshTokenExpiresAt: undefined as never });
  const bare: TokenRecord = { ...r };
  delete bare.refreshToken;
  delete bare.refreshTokenExpiresAt;

  it('notifies 7 days and 1 day before expiry, once each', () => {
    expect(plan(bare, T0).nextAt).toBe(E - 7 * DAY);
    const week = plan(bare, E - 7 * DAY);
    expect(week.actions).toEqual([
      { kind: 'expiring', reason: 'no_refresh_token', expiresAt: E, offsetMs: 7 * DAY },
    ]);
    const afterWeek = { ...bare, notices: week.markers };
    expect(plan(afterWeek, E - 3 * DAY)).toMatchObject({ actions: [], nextAt: E - DAY });
    const day = plan(afterWeek, E - DAY);
    expect(day.actions).toMatchObject([{ offsetMs: DAY }]);
    expect(plan({ ...bare, notices: day.markers }, E - HALF_DAY)).toMatchObject({ actions: [], nextAt: E });
  });

  it('sends only the most urgent notice after a late tick', () => {
    expect(plan(bare, E - HALF_DAY).actions).toMatchObject([{ offsetMs: DAY }]);
  });
});

const HALF_DAY = DAY / 2;

describe('scheduleAt', () => {
  it('is now when something is due, else the next action time', () => {
    expect(scheduleAt(record(), T0, DEFAULT_POLICY)).toBe(E - 7 * DAY);
    expect(scheduleAt(record(), E - DAY, DEFAULT_POLICY)).toBe(E - DAY);
    expect(scheduleAt(record({ status: 'revoked' }), T0, DEFAULT_POLICY)).toBeNull();
  });
});
