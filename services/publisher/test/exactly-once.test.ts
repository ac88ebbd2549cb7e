import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { nextUtcMidnight } from '../src/member-throttle.ts';
import { usePublisherHarness } from './harness.ts';
import { png } from './media-bytes.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe('publisher: exactly one post per requestId, polite with quotas', () => {
  it('every create response lost after commit (100 requests): 100 posts, 0 duplicates, 100 right URNs', async () => {
    const h = harness();
    await h.emulatorAdmin.updateApp({ memberDailyCreateLimit: 10_000 });
    await h.startPublisher({ maxAttempts: 10 });
    await h.connect('conn_drop');
    await h.addFault({
      method: 'POST',
      pathPrefix: '/rest/posts',
      times: 100,
      dropResponseAfterCommit: true,
    });
    const ids = Array.from({ length: 100 }, (_, i) => `drop-${i}`);
    await Promise.all(
      ids.map((id) => h.requestPost({ requestId: id, connectionId: 'conn_drop', text: `Post ${id}` })),
    );

    const outcomes = await waitFor(
      () => {
        const done = new Map(h.outcomes.map((o) => [o.body.requestId, o]));
        return ids.every((id) => done.has(id)) ? done : undefined;
      },
      { timeoutMs: 20_000, message: 'not every request ended' },
    );
    const posts = await h.posts();
    expect(posts).toHaveLength(100);
    expect(new Set(posts.map((p) => p.commentary)).size).toBe(100);
    const urnByText = new Map(posts.map((p) => [p.commentary, p.urn]));
    for (const id of ids) {
      const outcome = outcomes.get(id);
      expect(outcome?.subject).toBe(SUBJECTS.postPublished);
      expect(outcome?.body).toMatchObject({ postUrn: urnByText.get(`Post ${id}`) });
    }
    expect(h.outcomes.every((o) => o.subject === SUBJECTS.postPublished)).toBe(true);
    const dropped = (await h.postRequests()).filter((r) => r.fault === 'dropped');
    expect(dropped).toHaveLength(100);
  });

  it('member A throttled (429) for an emulated day: B goes through, A is published after the UTC reset', async () => {
    const h = harness();
    await h.emulatorAdmin.updateApp({ memberDailyCreateLimit: 3 });
    const members = await h.emulatorAdmin.addMembers([{ name: 'Member B' }]);
    const clock = await h.emulatorAdmin.clock();
    // The publisher's clock follows the emulator's, so "until midnight UTC" means the emulated midnight.
    let offsetMs = clock.now - Date.now();
    const now = () => Date.now() + offsetMs;
    await h.startPublisher({ now, maxAttempts: 2, throttleRecheckMs: 100 });
    await h.connect('conn_a');
    await h.connect('conn_b', { memberSub: members[0]!.sub });
    const aIds = Array.from({ length: 5 }, (_, i) => `a-${i}`);
    const bIds = Array.from({ length: 3 }, (_, i) => `b-${i}`);
    for (const id of aIds)
      await h.requestPost({ requestId: id, connectionId: 'conn_a', text: `A says ${id}` });
    for (const id of bIds)
      await h.requestPost({ requestId: id, connectionId: 'conn_b', text: `B says ${id}` });

    for (const id of bIds) expect((await h.outcomeOf(id))[0]?.subject).toBe(SUBJECTS.postPublished);
    const published = () =>
      new Set(h.outcomes.filter((o) => o.subject === SUBJECTS.postPublished).map((o) => o.body.requestId));
    await waitFor(() => aIds.filter((id) => published().has(id)).length === 3);
    const throttledCalls = async () => (await h.postRequests()).filter((r) => r.status === 429).length;
    const seen429 = await throttledCalls();
    expect(seen429).toBeGreaterThanOrEqual(1);
    // While throttled, A's requests wait without calling LinkedIn again (re-checked every 100 ms).
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await throttledCalls()).toBe(seen429);
    expect(aIds.filter((id) => published().has(id))).toHaveLength(3);

    const advanceSeconds = Math.ceil((nextUtcMidnight(now()) - now()) / 1000) + 1;
    await h.emulatorAdmin.advanceClock(advanceSeconds);
    offsetMs += advanceSeconds * 1000;
    await waitFor(() => aIds.every((id) => published().has(id)), {
      timeoutMs: 5000,
      message: 'A not published after the reset',
    });
    expect(h.outcomes.filter((o) => o.subject === SUBJECTS.postFailed)).toEqual([]);
    expect(await h.posts()).toHaveLength(8);
  });

  it('a 429 on the media APIs also waits for the reset, without spending the (single) attempt', async () => {
    const h = harness();
    const clock = await h.emulatorAdmin.clock();
    let offsetMs = clock.now - Date.now();
    const now = () => Date.now() + offsetMs;
    await h.startPublisher({ now, maxAttempts: 1, throttleRecheckMs: 100 });
    await h.connect('conn_media429');
    await h.addFault({ method: 'POST', pathPrefix: '/rest/images', status: 429, times: 1 });
    const url = h.mediaServer.add('/q.png', { body: png(1000), contentType: 'image/png' });
    await h.requestPost({
      requestId: 'm429',
      connectionId: 'conn_media429',
      media: [{ type: 'image', url }],
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(h.outcomes).toEqual([]);
    const advanceSeconds = Math.ceil((nextUtcMidnight(now()) - now()) / 1000) + 1;
    await h.emulatorAdmin.advanceClock(advanceSeconds);
    offsetMs += advanceSeconds * 1000;
    const [outcome] = await h.outcomeOf('m429');
    expect(outcome?.subject).toBe(SUBJECTS.postPublished);
  });
});
