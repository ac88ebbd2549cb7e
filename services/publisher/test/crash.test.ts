import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
// 1,000 in the suite (fast on a busy 2-vCPU machine); the acceptance size runs with
// `pnpm --filter @li-bus/publisher test:crash` (CRASH_REQUESTS=2000).
const REQUESTS = Number(process.env['CRASH_REQUESTS'] ?? 1000);

describe('publisher process killed with SIGKILL while requests are in flight', () => {
  it(
    `${REQUESTS} requests, 3 kills: every request exactly one post and one terminal event`,
    { timeout: 60_000 },
    async () => {
      const h = harness();
      await h.emulatorAdmin.updateApp({ memberDailyCreateLimit: 1_000_000, appDailyCreateLimit: 1_000_000 });
      await h.connect('conn_crash');
      const ids = Array.from({ length: REQUESTS }, (_, i) => `crash-${i}`);
      for (let i = 0; i < ids.length; i += 250) {
        await Promise.all(
          ids
            .slice(i, i + 250)
            .map((id) => h.requestPost({ requestId: id, connectionId: 'conn_crash', text: `Crash ${id}` })),
        );
      }
      const service = await h.spawnPublisherProcess({ PUBLISH_CONCURRENCY: '64' });
      const done = () => new Set(h.outcomes.map((o) => o.body.requestId)).size;
      try {
        for (const threshold of [0.2, 0.45, 0.7]) {
          await waitFor(() => done() >= REQUESTS * threshold, { timeoutMs: 20_000 });
          service.kill('SIGKILL');
          await service.restart();
        }
        await waitFor(() => done() === REQUESTS, {
          timeoutMs: 30_000,
          intervalMs: 200,
          message: `${done()} of ${REQUESTS} ended`,
        });
      } finally {
        await service.stop();
      }

      const posts = await h.posts();
      const urnByText = new Map(posts.map((p) => [p.commentary, p.urn]));
      expect(posts).toHaveLength(REQUESTS);
      expect(urnByText.size).toBe(REQUESTS);
      const jsm = await jetstreamManager(h.nc);
      const info = await jsm.streams.info(STREAMS.posts.name, { subjects_filter: 'post.>' });
      expect(info.state.subjects?.[SUBJECTS.postPublished]).toBe(REQUESTS);
      expect(info.state.subjects?.[SUBJECTS.postFailed]).toBeUndefined();
      // Each post was created by exactly one 201; lost and repeated creates were answered DUPLICATE_POST.
      const creates = await h.postRequests();
      expect(creates.filter((r) => r.status === 201)).toHaveLength(REQUESTS);
      const failed = h.outcomes.filter((o) => o.subject === SUBJECTS.postFailed);
      expect(failed).toEqual([]);
      for (const outcome of h.outcomes) {
        expect(outcome.subject === SUBJECTS.postPublished && outcome.body.postUrn).toBe(
          urnByText.get(`Crash ${outcome.body.requestId}`),
        );
      }
    },
  );
});
