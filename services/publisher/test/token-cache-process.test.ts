import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { createEventPublisher } from '@li-bus/messaging';
import { usePublisherHarness } from './harness.ts';

const eventId = () => `evt-${Math.random().toString(36).slice(2)}`;

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe('publisher process (main.ts, with its token cache): never a stale token', () => {
  it('after token.refreshed the next post uses the new token; after token.revoked it fails as revoked', async () => {
    const h = harness();
    const publisher = await h.spawnPublisherProcess();
    const events = createEventPublisher(h.nc);
    await h.connect('conn-cache');
    await h.requestPost({ requestId: 'cache-1', connectionId: 'conn-cache', text: 'first' });
    expect((await h.outcomeOf('cache-1'))[0]?.subject).toBe(SUBJECTS.postPublished);

    // The member's tokens at LinkedIn are revoked and the connection is refreshed with a new one.
    await h.emulatorAdmin.revokeMember(h.emulator.defaultMember.sub);
    const fresh = await h.connect('conn-cache');
    const stored = h.keeper.records.get('conn-cache');
    if (!stored) throw new Error('connection not stored');
    const { connectedAt: _c, status: _s, statusAt: _a, ...refreshed } = stored;
    await events.publish(SUBJECTS.tokenRefreshed, { eventId: eventId(), ...refreshed });
    expect(refreshed.accessToken).toBe(fresh.accessToken);
    const before = (await h.postRequests()).length;
    await h.requestPost({ requestId: 'cache-2', connectionId: 'conn-cache', text: 'second' });
    expect((await h.outcomeOf('cache-2'))[0]?.subject).toBe(SUBJECTS.postPublished);
    // The new token went out first time: no 401 with the old one (which "ask once more" would have hidden).
    expect((await h.postRequests()).slice(before).map((r) => r.status)).toEqual([201]);

    const revokedAt = new Date().toISOString();
    h.keeper.revoke('conn-cache', revokedAt);
    await events.publish(SUBJECTS.tokenRevoked, {
      eventId: eventId(),
      connectionId: 'conn-cache',
      revokedAt,
    });
    await h.requestPost({ requestId: 'cache-3', connectionId: 'conn-cache', text: 'third' });
    const [outcome] = await h.outcomeOf('cache-3');
    expect(outcome).toMatchObject({ subject: SUBJECTS.postFailed, body: { code: 'reauth_required' } });
    expect(JSON.stringify(outcome?.body)).toContain('connection is revoked');
    expect(await h.posts()).toHaveLength(2);
    await publisher.stop();
  }, 30_000);
});
