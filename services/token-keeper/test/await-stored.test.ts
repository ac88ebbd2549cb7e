import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { requestTokenKeeper, TokensGetError } from '@li-bus/token-keeper-client';
import { createAwaitStored } from '../src/await-stored.ts';
import { DEFAULT_POLICY } from '../src/schedule-policy.ts';
import { tokenWriteOf } from '../src/token-write.ts';
import { createWriteSignals } from '../src/write-signals.ts';
import { startFixture, tokenEvent, type Fixture } from './fixture.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const awaitStored = (f: Fixture, body: Parameters<ReturnType<typeof createAwaitStored>>[0]) =>
  requestTokenKeeper(f.nc, SUBJECTS.tokensAwait, body, { timeoutMs: body.waitMs + 3000 });

describe('tokens.await: read your writes (two replicas)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ replicas: 2 });
  });
  afterAll(async () => {
    await f.stop();
  });

  it('asked before token.issued is published, answers the stored connection once it is stored', async () => {
    const issuedAt = Date.now();
    const waits = Array.from({ length: 6 }, (_, i) => `conn-await-${i}`).map(async (id) => {
      const event = tokenEvent(f, id, { issuedAt });
      expect(await f.store.get(id)).toBeNull();
      const answer = awaitStored(f, {
        connectionId: id,
        event: 'token.issued',
        version: event.issuedAt,
        waitMs: 10_000,
      });
      await f.publisher.publish(SUBJECTS.tokenIssued, event);
      const view = await answer;
      // What the reply says is what a reader finds right after it.
      expect(await f.store.get(id)).toMatchObject({ version: issuedAt, status: 'active' });
      return view;
    });
    for (const view of await Promise.all(waits)) {
      expect(view).toMatchObject({ status: 'active', connectedAt: iso(issuedAt), tenantId: 'tenant-a' });
      expect(JSON.stringify(view)).not.toMatch(/v1\./); // the view carries no token, sealed or not
    }
  });

  it('answers not_stored when the event is not stored within waitMs', async () => {
    const issuedAt = Date.now();
    await f.publisher.publish(SUBJECTS.tokenIssued, tokenEvent(f, 'conn-await-old', { issuedAt }));
    await awaitStored(f, {
      connectionId: 'conn-await-old',
      event: 'token.issued',
      version: iso(issuedAt),
      waitMs: 5000,
    });
    const never = awaitStored(f, {
      connectionId: 'conn-await-old',
      event: 'token.issued',
      version: iso(issuedAt + 1), // a newer event that was never published
      waitMs: 300,
    });
    await expect(never).rejects.toBeInstanceOf(TokensGetError);
    await expect(never).rejects.toMatchObject({ code: 'not_stored' });
    const unknown = awaitStored(f, {
      connectionId: 'conn-await-unknown',
      event: 'token.issued',
      version: iso(issuedAt),
      waitMs: 0,
    });
    await expect(unknown).rejects.toMatchObject({ code: 'not_stored' });
  });

  it('token.revoked: answers `revoked` once stored; a revoke older than the stored tokens is superseded', async () => {
    const issuedAt = Date.now() - 60_000;
    const id = 'conn-await-revoke';
    await f.publisher.publish(SUBJECTS.tokenIssued, tokenEvent(f, id, { issuedAt }));
    await awaitStored(f, { connectionId: id, event: 'token.issued', version: iso(issuedAt), waitMs: 5000 });
    const revokedAt = iso(issuedAt + 1000);
    const answer = awaitStored(f, {
      connectionId: id,
      event: 'token.revoked',
      version: revokedAt,
      waitMs: 5000,
    });
    await f.publisher.publish(SUBJECTS.tokenRevoked, {
      eventId: `revoke-${id}`,
      connectionId: id,
      revokedAt,
    });
    expect(await answer).toMatchObject({ connectionId: id, status: 'revoked' });

    // Consent again after the revoke: a late revoke from before it is answered with the newer, active record.
    await f.publisher.publish(SUBJECTS.tokenIssued, tokenEvent(f, id, { issuedAt: issuedAt + 2000 }));
    await awaitStored(f, {
      connectionId: id,
      event: 'token.issued',
      version: iso(issuedAt + 2000),
      waitMs: 5000,
    });
    expect(
      await awaitStored(f, {
        connectionId: id,
        event: 'token.revoked',
        version: iso(issuedAt + 1500),
        waitMs: 0,
      }),
    ).toMatchObject({ status: 'active' });
  });

  it('token.refreshed: a stored failure after the request ends the wait too (reauth_required)', async () => {
    const issuedAt = Date.now() - 60_000;
    const id = 'conn-await-refresh';
    await f.publisher.publish(SUBJECTS.tokenIssued, tokenEvent(f, id, { issuedAt }));
    await awaitStored(f, { connectionId: id, event: 'token.issued', version: iso(issuedAt), waitMs: 5000 });
    const requestedAt = iso(Date.now() - 5000); // the stream time of the failure below is later
    const answer = awaitStored(f, {
      connectionId: id,
      event: 'token.refreshed',
      version: requestedAt,
      waitMs: 5000,
    });
    await f.publisher.publish(SUBJECTS.tokenRefreshFailed, {
      eventId: `failed-${id}`,
      connectionId: id,
      code: 'reauth_required',
      message: 'refused',
    });
    expect(await answer).toMatchObject({ status: 'reauth_required' });
  });

  it('finds a write made by another replica (no wake-up in this process) by polling, within waitMs', async () => {
    const id = 'conn-await-other-replica';
    const event = tokenEvent(f, id, { issuedAt: Date.now() });
    const handler = createAwaitStored({
      store: f.store,
      signals: createWriteSignals(), // never told about the write below
      policy: DEFAULT_POLICY,
      now: Date.now,
    });
    const answer = handler({
      connectionId: id,
      event: 'token.issued',
      version: event.issuedAt,
      waitMs: 10_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await f.store.writeTokens(tokenWriteOf(event, 'issued'), Date.now());
    expect(await answer).toMatchObject({ connectionId: id, status: 'active' });
  });

  it('a stopping replica answers its waiting requests not_stored at once', async () => {
    const signals = createWriteSignals();
    const handler = createAwaitStored({ store: f.store, signals, policy: DEFAULT_POLICY, now: Date.now });
    const answer = handler({
      connectionId: 'conn-await-stop',
      event: 'token.issued',
      version: iso(Date.now()),
      waitMs: 30_000,
    });
    signals.close();
    await expect(answer).rejects.toMatchObject({ code: 'not_stored' });
  });
});
