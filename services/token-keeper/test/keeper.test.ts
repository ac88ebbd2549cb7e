import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenIssued } from '@li-bus/contracts';
import { requestTokenKeeper, requestTokens, TokensGetError } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { HOUR, publishRaw, redisDump, settled, startFixture, tokenEvent, type Fixture } from './fixture.ts';

type TokenSubject = 'token.issued' | 'token.refreshed';

async function publish(f: Fixture, subject: TokenSubject, event: TokenIssued) {
  const { seq } = await f.publisher.publish(subject, event);
  return seq;
}

const storedToken = (f: Fixture, connectionId: string) =>
  waitFor(() => requestTokens(f.nc, connectionId), {
    timeoutMs: 3000,
    message: `${connectionId} not stored`,
  });

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TokensGetError);
  return (error as TokensGetError).code;
}

describe('token-keeper', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f.stop();
  });

  it('stores a token.issued sealed and answers tokens.get with it', async () => {
    const event = tokenEvent(f, 'conn-issued', { issuedAt: Date.now() });
    await publish(f, 'token.issued', event);

    const reply = await storedToken(f, 'conn-issued');
    expect(reply).toEqual({
      connectionId: 'conn-issued',
      tenantId: 'tenant-a',
      accessToken: event.accessToken,
      accessTokenExpiresAt: event.accessTokenExpiresAt,
      member: event.member,
      organizations: event.organizations,
      scopes: event.scopes,
      status: 'active',
    });

    const dump = await redisDump(f.redis);
    expect(dump).toContain(event.accessToken);
    expect(dump).toContain(event.refreshToken);
    for (const plaintext of f.plaintexts) expect(dump).not.toContain(plaintext);
  });

  it('ignores a stale token.issued or token.refreshed that arrives after a newer one', async () => {
    const t = Date.now();
    const newer = tokenEvent(f, 'conn-stale', { issuedAt: t });
    await publish(f, 'token.issued', newer);
    await storedToken(f, 'conn-stale');

    const olderIssued = tokenEvent(f, 'conn-stale', { issuedAt: t - HOUR, tenantId: 'tenant-stale' });
    await settled(f, 'token.issued', await publish(f, 'token.issued', olderIssued));
    const olderRefreshed = tokenEvent(f, 'conn-stale', { issuedAt: t - 1, tenantId: 'tenant-stale' });
    await settled(f, 'token.refreshed', await publish(f, 'token.refreshed', olderRefreshed));

    const reply = await requestTokens(f.nc, 'conn-stale');
    expect(reply.accessToken).toBe(newer.accessToken);
    expect(reply.accessTokenExpiresAt).toBe(newer.accessTokenExpiresAt);
    expect(reply.tenantId).toBe('tenant-a');
    await expect(requestTokenKeeper(f.nc, 'tokens.list', { tenantId: 'tenant-stale' })).resolves.toEqual({
      connections: [],
    });
  });

  it('stores a newer token.refreshed', async () => {
    const t = Date.now();
    await publish(f, 'token.issued', tokenEvent(f, 'conn-refresh', { issuedAt: t - HOUR }));
    await storedToken(f, 'conn-refresh');
    const refreshed = tokenEvent(f, 'conn-refresh', { issuedAt: t });
    await publish(f, 'token.refreshed', refreshed);

    await waitFor(
      async () => (await requestTokens(f.nc, 'conn-refresh')).accessToken === refreshed.accessToken,
      {
        timeoutMs: 3000,
      },
    );
    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-refresh' });
    expect(status.connectedAt).toBe(new Date(t - HOUR).toISOString());
  });

  it('keeps the stored refresh token when a reconnect comes without one', async () => {
    const t = Date.now();
    const first = tokenEvent(f, 'conn-reconnect', { issuedAt: t - HOUR });
    await publish(f, 'token.issued', first);
    await storedToken(f, 'conn-reconnect');

    const reconnect = tokenEvent(f, 'conn-reconnect', { issuedAt: t, withRefresh: false });
    await settled(f, 'token.issued', await publish(f, 'token.issued', reconnect));

    expect((await requestTokens(f.nc, 'conn-reconnect')).accessToken).toBe(reconnect.accessToken);
    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-reconnect' });
    expect(status.refreshTokenExpiresAt).toBe(first.refreshTokenExpiresAt);
    expect(status.status).toBe('active');
    expect(await f.store.get('conn-reconnect')).toMatchObject({
      accessToken: reconnect.accessToken,
      refreshToken: first.refreshToken,
    });
  });

  it('answers tokens.refresh-token with the sealed refresh token, or reauth_required without one', async () => {
    const t = Date.now();
    const withRefresh = tokenEvent(f, 'conn-rt-1', { issuedAt: t });
    const without = tokenEvent(f, 'conn-rt-2', { issuedAt: t, withRefresh: false });
    for (const event of [withRefresh, without]) await publish(f, 'token.issued', event);
    for (const event of [withRefresh, without]) await storedToken(f, event.connectionId);

    const reply = await requestTokenKeeper(f.nc, 'tokens.refresh-token', { connectionId: 'conn-rt-1' });
    expect(reply.refreshToken).toBe(withRefresh.refreshToken);
    expect(reply.refreshTokenExpiresAt).toBe(withRefresh.refreshTokenExpiresAt);
    expect(reply).not.toHaveProperty('accessToken');
    expect(
      await errorCodeOf(requestTokenKeeper(f.nc, 'tokens.refresh-token', { connectionId: 'conn-rt-2' })),
    ).toBe('reauth_required');
    expect(
      await errorCodeOf(requestTokenKeeper(f.nc, 'tokens.refresh-token', { connectionId: 'conn-rt-none' })),
    ).toBe('not_found');
  });

  it('answers tokens.status and tokens.list by tenant', async () => {
    const t = Date.now();
    const one = tokenEvent(f, 'conn-list-1', { issuedAt: t, tenantId: 'tenant-list' });
    const two = tokenEvent(f, 'conn-list-2', { issuedAt: t, tenantId: 'tenant-list', withRefresh: false });
    const other = tokenEvent(f, 'conn-list-3', { issuedAt: t, tenantId: 'tenant-other' });
    for (const event of [one, two, other]) await publish(f, 'token.issued', event);
    for (const event of [one, two, other]) await storedToken(f, event.connectionId);

    const status = await requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-list-1' });
    expect(status).toEqual({
      connectionId: 'conn-list-1',
      tenantId: 'tenant-list',
      status: 'active',
      member: one.member,
      organizations: one.organizations,
      scopes: one.scopes,
      connectedAt: one.issuedAt,
      accessTokenExpiresAt: one.accessTokenExpiresAt,
      refreshTokenExpiresAt: one.refreshTokenExpiresAt,
    });
    expect(status).not.toHaveProperty('accessToken');

    const list = await requestTokenKeeper(f.nc, 'tokens.list', { tenantId: 'tenant-list' });
    expect(list.connections.map((c) => c.connectionId).sort()).toEqual(['conn-list-1', 'conn-list-2']);
    for (const view of list.connections) expect(view).not.toHaveProperty('accessToken');
    expect(JSON.stringify(list)).not.toContain('v1.');
  });

  it('answers not_found for an unknown connection', async () => {
    expect(await errorCodeOf(requestTokens(f.nc, 'conn-unknown'))).toBe('not_found');
    expect(
      await errorCodeOf(requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-unknown' })),
    ).toBe('not_found');
    await expect(requestTokenKeeper(f.nc, 'tokens.list', { tenantId: 'tenant-nobody' })).resolves.toEqual({
      connections: [],
    });
  });

  it.each(['token.issued', 'token.refreshed'] as const)(
    '%s: terminates poison messages, stores none of them and keeps going',
    async (subject) => {
      const connectionId = `conn-poison-${subject.replaceAll('.', '-')}`;
      const t = Date.now();
      // Poison events claim to be newer than the valid one: storing any of them would hide the valid one.
      const wrongSchema = {
        ...tokenEvent(f, connectionId, { issuedAt: t + HOUR }),
        accessToken: 'AQV-plain-x',
      };
      f.plaintexts.push('AQV-plain-x');
      const unsealable = tokenEvent(f, connectionId, {
        issuedAt: t + 2 * HOUR,
        sealFor: 'conn-someone-else',
      });
      const valid = tokenEvent(f, connectionId, { issuedAt: t });
      const logsBefore = f.logLines.length;

      await publishRaw(f, subject, `{"connectionId":"${connectionId}","accessToken":"AQV-plain-x"`);
      await publishRaw(f, subject, JSON.stringify(wrongSchema));
      await publish(f, subject, unsealable);
      const lastSeq = await publish(f, subject, valid);

      expect((await storedToken(f, connectionId)).accessToken).toBe(valid.accessToken);
      const info = await settled(f, subject, lastSeq);
      expect(info.num_redelivered).toBe(0);
      expect((await requestTokens(f.nc, connectionId)).accessToken).toBe(valid.accessToken);
      expect(await f.store.get(connectionId)).toMatchObject({
        accessToken: valid.accessToken,
        refreshToken: valid.refreshToken,
        issuedAt: valid.issuedAt,
      });

      const logs = f.logLines.slice(logsBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logs.filter((line) => line['msg'] === 'invalid message terminated')).toHaveLength(2);
      const gaveUp = logs.filter((line) => line['msg'] === 'giving up on message');
      expect(gaveUp).toHaveLength(1);
      expect(gaveUp[0]).toMatchObject({ err: { code: 'token_unsealable' } });
      const text = f.logLines.join('');
      for (const plaintext of f.plaintexts) expect(text).not.toContain(plaintext);
    },
  );

  it('serves its metrics on /metrics', async () => {
    const response = await f.keeper.http.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    for (const name of [
      'token_keeper_ingested_total',
      'token_keeper_stale_events_total',
      'token_keeper_claimed_total',
      'token_keeper_due_total',
      'token_keeper_emitted_total',
      'token_keeper_expiring_total',
      'token_keeper_schedule_entries{state="waiting"',
      'token_keeper_scheduler_tick_seconds',
    ]) {
      expect(response.body).toContain(name);
    }
    expect(response.body).toMatch(
      /token_keeper_stale_events_total\{[^}]*subject="token.issued"[^}]*\} [1-9]/,
    );
  });

  it('never puts a plaintext token in Redis or in its logs', async () => {
    expect(f.plaintexts.length).toBeGreaterThan(10);
    const dump = await redisDump(f.redis);
    const logs = f.logLines.join('');
    expect(logs).toContain('ingested');
    for (const plaintext of f.plaintexts) {
      expect(dump).not.toContain(plaintext);
      expect(logs).not.toContain(plaintext);
    }
  });
});

describe('token-keeper with a clock past the access token expiry', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ now: () => Date.now() + 2 * HOUR });
  });
  afterAll(async () => {
    await f.stop();
  });

  it('answers expired to tokens.get and shows the connection as expired', async () => {
    await publish(
      f,
      'token.issued',
      tokenEvent(f, 'conn-expired', { issuedAt: Date.now(), accessTtlMs: HOUR }),
    );

    const status = await waitFor(
      () => requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-expired' }),
      { timeoutMs: 3000 },
    );
    expect(status.status).toBe('expired');
    expect(await errorCodeOf(requestTokens(f.nc, 'conn-expired'))).toBe('expired');
  });
});
