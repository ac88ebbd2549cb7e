import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { escapeLittleText, STREAMS, SUBJECTS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { watchEdits } from './edits-harness.ts';
import { usePublisherHarness } from './harness.ts';

const harness = usePublisherHarness({ beforeAll, afterAll, beforeEach, afterEach });
const EDITS = 200;

describe('publisher process killed with SIGKILL while edits are in flight', () => {
  it(
    `${EDITS} edits, 2 kills: each post ends with its one edit and one post.updated`,
    { timeout: 60_000 },
    async () => {
      const h = harness();
      await h.emulatorAdmin.updateApp({ memberDailyCreateLimit: 1_000_000, appDailyCreateLimit: 1_000_000 });
      await h.connect('conn_edit_crash');
      const w = await watchEdits(h);
      const urns: string[] = [];
      for (let i = 0; i < EDITS; i++) urns.push(await w.createdAtLinkedIn('conn_edit_crash', `Before ${i}`));
      // Slow answers keep edits in flight at each kill; some answers are lost after the edit was applied.
      await h.addFault({ method: 'POST', pathPrefix: '/rest/posts/', delayMs: 30, times: EDITS * 4 });
      await Promise.all(
        urns.map((postUrn, i) =>
          w.events.publish(SUBJECTS.postUpdateRequested, {
            requestId: `edit-crash-${i}`,
            connectionId: 'conn_edit_crash',
            postUrn,
            text: `After (${i}) #edited`,
          }),
        ),
      );
      const service = await h.spawnPublisherProcess({ PUBLISH_CONCURRENCY: '16' });
      const done = () => new Set(w.outcomes.map((o) => o.body.requestId)).size;
      try {
        for (const threshold of [0.25, 0.6]) {
          await waitFor(() => done() >= EDITS * threshold, { timeoutMs: 20_000 });
          service.kill('SIGKILL');
          await service.restart();
        }
        await waitFor(() => done() === EDITS, { timeoutMs: 30_000, message: `${done()} of ${EDITS} ended` });
      } finally {
        await service.stop();
      }

      expect(w.outcomes.filter((o) => o.subject === SUBJECTS.postFailed)).toEqual([]);
      const jsm = await jetstreamManager(h.nc);
      const info = await jsm.streams.info(STREAMS.posts.name, { subjects_filter: 'post.>' });
      expect(info.state.subjects?.[SUBJECTS.postUpdated]).toBe(EDITS);
      // Every post carries exactly its own edit, as sent (escaped); none was left unedited or edited twice over.
      const posts = new Map((await h.posts()).map((p) => [p.urn, p]));
      urns.forEach((urn, i) => {
        expect(posts.get(urn)?.submittedCommentary).toBe(escapeLittleText(`After (${i}) #edited`));
      });
      const calls = (await h.requests()).filter(
        (r) => r.method === 'POST' && r.path.startsWith('/rest/posts/'),
      );
      expect(calls.filter((c) => c.status === 204).length).toBeGreaterThanOrEqual(EDITS);
      w.close();
    },
  );
});
