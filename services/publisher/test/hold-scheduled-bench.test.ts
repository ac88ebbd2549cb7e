import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { holdScheduled } from '../bench/hold-scheduled.ts';
import { createWaitingCount } from '../src/schedules/waiting-count.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

describe("the schedules bench's held posts are the publisher's own", () => {
  it('posts held by holdScheduled fire and are published once, not early, and leave the count at 0', async () => {
    const h = harness();
    // The bench loads into the publisher's streams, which the publisher creates at start.
    await h.startPublisher();
    await h.connect('conn_held_0');
    const untilMs = Date.now() + 3000;
    await holdScheduled(h.nc, { count: 3, connections: 1, untilMs });
    expect(await createWaitingCount(h.nc).current('conn_held_0')).toBe(3);

    for (const id of ['held-0', 'held-1', 'held-2']) {
      const [outcome] = await waitFor(() => h.outcomeOf(id), { timeoutMs: 15_000 });
      expect(outcome?.subject).toBe(SUBJECTS.postPublished);
    }
    const posts = await h.posts();
    expect(posts.map((p) => p.commentary).sort()).toEqual(
      [0, 1, 2].map((n) => `Held post ${n}, scheduled for later`),
    );
    expect(posts.every((p) => p.createdAt >= untilMs)).toBe(true);
    await waitFor(async () => (await createWaitingCount(h.nc).current('conn_held_0')) === 0);
  }, 30_000);
});
