import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { PUBLISHER_DURABLE } from '../src/app.ts';
import { nextUtcMidnight } from '../src/member-throttle.ts';
import { SCHEDULES_STREAM } from '../src/schedules/schedule-subjects.ts';
import { createWaitingCount } from '../src/schedules/waiting-count.ts';
import { usePublisherHarness, type PublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });

const BACKLOG = 2000;
const OTHERS = 300;
/**
 * Above the consumer's 5 s threshold, so a throttled member's re-check waits on a server-side schedule (a
 * shorter `PUBLISH_THROTTLE_RECHECK_MS` makes each re-check a delayed nak, which holds a slot), and short
 * enough that the member's posts go out a few seconds after the reset.
 */
const RECHECK_MS = Number(process.env['TEST_THROTTLE_RECHECK_MS'] ?? 6000);

const published = (h: PublisherHarness, prefix: string) =>
  h.outcomes.filter((o) => o.subject === SUBJECTS.postPublished && o.body.requestId.startsWith(prefix));

/** Sends `count` posts for each connection at once; resolves with posts/s once every one is published. */
async function othersPublish(h: PublisherHarness, prefix: string, connections: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    connections.flatMap((connectionId) =>
      Array.from({ length: OTHERS / connections.length }, (_, i) =>
        h.requestPost({ requestId: `${prefix}${connectionId}-${i}`, connectionId, text: `${prefix} ${i}` }),
      ),
    ),
  );
  await waitFor(() => published(h, prefix).length === OTHERS, {
    timeoutMs: 60_000,
    message: `${prefix}: not all published`,
  });
  return OTHERS / ((performance.now() - started) / 1000);
}

describe('publisher: one member throttled by a 429 with a backlog does not hold back the others', () => {
  it('2,000 throttled posts hold no consumer slot, others publish, and they go out once after the reset', async () => {
    const h = harness();
    await h.emulatorAdmin.updateApp({ memberDailyCreateLimit: 100_000 });
    const [b, c] = await h.emulatorAdmin.addMembers([{ name: 'Member B' }, { name: 'Member C' }]);
    const clock = await h.emulatorAdmin.clock();
    // The publisher's clock follows the emulator's, so "until midnight UTC" means the emulated midnight.
    let offsetMs = clock.now - Date.now();
    const now = () => Date.now() + offsetMs;
    await h.startPublisher({ now, throttleRecheckMs: RECHECK_MS, maxAckPending: 50 });
    await h.connect('conn_a');
    await h.connect('conn_b', { memberSub: b!.sub });
    await h.connect('conn_c', { memberSub: c!.sub });
    const jsm = await jetstreamManager(h.nc);
    const consumer = () => jsm.consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
    const held = async () => (await jsm.streams.info(SCHEDULES_STREAM)).state.messages;

    // Uncounted first: the first posts of a fresh publisher are slower (connections, token cache, JIT).
    await othersPublish(h, 'warm-', ['conn_b', 'conn_c']);
    const without = await othersPublish(h, 'before-', ['conn_b', 'conn_c']);

    // LinkedIn answers A's first create with 429: A is throttled until the next UTC midnight.
    await h.addFault({ method: 'POST', pathPrefix: '/rest/posts', status: 429, times: 1 });
    await h.requestPost({ requestId: 'a-0', connectionId: 'conn_a', text: 'A 0' });
    await waitFor(async () => (await held()) === 1, { message: 'a-0 not held after the 429' });
    const aIds = Array.from({ length: BACKLOG }, (_, i) => `a-${i}`);
    await Promise.all(
      aIds
        .slice(1)
        .map((id, i) => h.requestPost({ requestId: id, connectionId: 'conn_a', text: `A ${i + 1}` })),
    );
    // The whole backlog waits on the server (each acked once its schedule is stored): none of it in the window.
    await waitFor(
      async () => {
        const info = await consumer();
        return info.num_pending === 0 && info.num_ack_pending === 0 && (await held()) === BACKLOG;
      },
      { timeoutMs: 60_000, intervalMs: 250, message: 'the backlog is not all held on schedules' },
    );

    const withBacklog = await othersPublish(h, 'during-', ['conn_b', 'conn_c']);
    // Still held (a re-check moves each through the due consumer and back onto a schedule), still no slot.
    // The others' last acks follow their events; then nothing is in flight (the backlog would hold the window).
    await waitFor(async () => (await consumer()).num_ack_pending === 0, { timeoutMs: 10_000 });
    await waitFor(async () => (await held()) === BACKLOG, { timeoutMs: 20_000, intervalMs: 250 });
    expect(published(h, 'a-')).toEqual([]);
    console.log(
      `others' throughput with ${BACKLOG} throttled posts held / without: ` +
        `${withBacklog.toFixed(0)} / ${without.toFixed(0)} posts/s = ${(withBacklog / without).toFixed(2)}`,
    );

    // The reset: the emulated day ends (LinkedIn's quota resets, and the publisher's clock passes midnight).
    const advanceSeconds = Math.ceil((nextUtcMidnight(now()) - now()) / 1000) + 1;
    await h.emulatorAdmin.advanceClock(advanceSeconds);
    offsetMs += advanceSeconds * 1000;
    const aPublished = await waitFor(
      () => {
        const seen = published(h, 'a-');
        return seen.length >= BACKLOG ? seen : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250, message: "A's backlog not published after the reset" },
    );
    // Exactly once: one outcome and one LinkedIn post per request, nothing failed, nothing left waiting.
    expect(new Set(aPublished.map((o) => o.body.requestId))).toEqual(new Set(aIds));
    const aPosts = (await h.posts()).filter((p) => p.commentary.startsWith('A '));
    expect(aPosts).toHaveLength(BACKLOG);
    expect(new Set(aPosts.map((p) => p.commentary)).size).toBe(BACKLOG);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(published(h, 'a-')).toHaveLength(BACKLOG);
    expect(h.outcomes.filter((o) => o.subject === SUBJECTS.postFailed)).toEqual([]);
    await waitFor(async () => (await held()) === 0);
    expect(await createWaitingCount(h.nc).current('conn_a')).toBe(0);
  }, 240_000);
});
