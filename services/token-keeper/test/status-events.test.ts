import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTokenKeeper, requestTokens, TokensGetError } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { HOUR, metricSum, publishRaw, settled, startFixture, tokenEvent, type Fixture } from './fixture.ts';

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  return error instanceof TokensGetError ? error.code : String(error);
}

const statusOf = async (f: Fixture, connectionId: string) =>
  (await requestTokenKeeper(f.nc, 'tokens.status', { connectionId })).status;

describe('token.revoked and token.refresh.failed', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f.stop();
  });

  async function connect(id: string, issuedAt = Date.now() - HOUR) {
    const event = tokenEvent(f, id, { issuedAt });
    await settled(f, 'token.issued', (await f.publisher.publish('token.issued', event)).seq);
    return event;
  }

  it('stores a revocation, answers revoked and takes the connection off the schedule', async () => {
    await connect('conn-revoke');
    expect(await f.schedule.nextActionAt('conn-revoke')).not.toBeNull();
    const revokedAt = new Date().toISOString();
    const seq = (
      await f.publisher.publish('token.revoked', {
        eventId: randomUUID(),
        connectionId: 'conn-revoke',
        revokedAt,
      })
    ).seq;
    await settled(f, 'token.revoked', seq);

    expect(await statusOf(f, 'conn-revoke')).toBe('revoked');
    expect(await codeOf(requestTokens(f.nc, 'conn-revoke'))).toBe('revoked');
    expect(await f.schedule.nextActionAt('conn-revoke')).toBeNull();

    // The same revocation again (a redelivery, a replay) is stale and counted.
    const stale = await metricSum(f.keepers, 'token_keeper_stale_events_total', { subject: 'token.revoked' });
    const again = { eventId: randomUUID(), connectionId: 'conn-revoke', revokedAt };
    await settled(f, 'token.revoked', (await f.publisher.publish('token.revoked', again)).seq);
    expect(await metricSum(f.keepers, 'token_keeper_stale_events_total', { subject: 'token.revoked' })).toBe(
      stale + 1,
    );

    // Consent given again after the revocation: active and scheduled again.
    await connect('conn-revoke', Date.now());
    expect(await statusOf(f, 'conn-revoke')).toBe('active');
    expect(await f.schedule.nextActionAt('conn-revoke')).not.toBeNull();
  });

  it('ignores a revocation older than the stored tokens (they were issued after it)', async () => {
    await connect('conn-revoke-old');
    const revokedAt = new Date(Date.now() - 2 * HOUR).toISOString();
    const event = { eventId: randomUUID(), connectionId: 'conn-revoke-old', revokedAt };
    await settled(f, 'token.revoked', (await f.publisher.publish('token.revoked', event)).seq);
    expect(await statusOf(f, 'conn-revoke-old')).toBe('active');
  });

  it('stores reauth_required from token.refresh.failed and ignores transient failures', async () => {
    await connect('conn-reauth');
    await connect('conn-transient');
    const failed = (connectionId: string, code: 'reauth_required' | 'transient') =>
      f.publisher.publish('token.refresh.failed', {
        eventId: randomUUID(),
        connectionId,
        code,
        message: 'x',
      });
    await failed('conn-transient', 'transient');
    const seq = (await failed('conn-reauth', 'reauth_required')).seq;
    await settled(f, 'token.refresh.failed', seq);

    expect(await statusOf(f, 'conn-reauth')).toBe('reauth_required');
    expect(await codeOf(requestTokens(f.nc, 'conn-reauth'))).toBe('reauth_required');
    expect(await f.schedule.nextActionAt('conn-reauth')).toBeNull();
    expect(await statusOf(f, 'conn-transient')).toBe('active');
    expect(await f.schedule.nextActionAt('conn-transient')).not.toBeNull();
    expect(
      await metricSum(f.keepers, 'token_keeper_ingested_total', {
        subject: 'token.refresh.failed',
        outcome: 'ignored',
      }),
    ).toBe(1);
  });

  it.each([
    ['token.revoked', (connectionId: string) => ({ connectionId, revokedAt: new Date().toISOString() })],
    [
      'token.refresh.failed',
      (connectionId: string) => ({ connectionId, code: 'reauth_required', message: 'invalid_grant' }),
    ],
  ] as const)(
    '%s: terminates poison messages, stores none of them and keeps going',
    async (subject, body) => {
      const id = `conn-poison-${subject.replaceAll('.', '-')}`;
      await connect(id);
      const logsBefore = f.logLines.length;

      await publishRaw(f, subject, `{"connectionId":"${id}","accessToken":"AQV-plain-x"`);
      await publishRaw(
        f,
        subject,
        JSON.stringify({ ...body(id), eventId: randomUUID(), connectionId: 'has space' }),
      );
      await publishRaw(f, subject, JSON.stringify({ ...body('conn-nobody'), eventId: randomUUID() }));
      const last = await publishRaw(f, subject, JSON.stringify({ ...body(id), eventId: randomUUID() }));
      f.plaintexts.push('AQV-plain-x');

      const info = await settled(f, subject, last, 5000);
      expect(info.num_pending).toBe(0);
      expect(await statusOf(f, id)).not.toBe('active');
      expect(await codeOf(requestTokenKeeper(f.nc, 'tokens.status', { connectionId: 'conn-nobody' }))).toBe(
        'not_found',
      );
      const logs = await waitFor(() => {
        const lines = f.logLines.slice(logsBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
        return lines.some((line) => line['msg'] === 'giving up on message') ? lines : null;
      });
      expect(logs.filter((line) => line['msg'] === 'invalid message terminated')).toHaveLength(2);
      const gaveUp = logs.filter((line) => line['msg'] === 'giving up on message');
      expect(gaveUp).toHaveLength(1);
      expect(gaveUp[0]).toMatchObject({ err: { code: 'connection_not_found' } });
      const text = f.logLines.join('');
      for (const plaintext of f.plaintexts) expect(text).not.toContain(plaintext);
    },
  );
});
