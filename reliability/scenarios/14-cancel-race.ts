// Issue #18: `post.cancel.requested` racing the due time of scheduled posts, 500 times (in rounds of 100). The
// ledger's compare-and-set decides: each request ends exactly one of `post.published` or `post.cancelled`, never
// both, and a cancelled one never reaches LinkedIn. A cancel that loses is answered `already_published`.
import { setTimeout as sleep } from 'node:timers/promises';
import { requestCancel } from '@li-bus/client';
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { emulatorPosts } from '../src/emulator-admin.ts';
import { publishPaced } from '../src/paced-publishes.ts';
import { readPostLedger, waitAllTerminal } from '../src/post-outcomes.ts';
import { heldSchedules, scheduleFigures, scheduledBody } from '../src/scheduled-posts.ts';
import { createTaggedPosts } from '../src/tagged-posts.ts';

const SIZES = { fast: { rounds: 1, perRound: 100 }, full: { rounds: 5, perRound: 100 } };
/** Far enough ahead to be held by a schedule (shorter waits are delayed naks), and to send them all first. */
const LEAD_MS = 8_000;
/** Cancels are spread over this window, centred on the second the schedules fire. */
const CANCEL_SPREAD_MS = 1_000;

export default defineScenario({
  id: '14-cancel-race',
  title: 'cancels racing the due time of scheduled posts',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    return withDeliveryRun({ members: 5, interruptions: 0 }, async (run) => {
      const { system, members, windowMs, terminal } = run;
      const nc = system.nc;
      const tagged = createTaggedPosts(system.emulator.url, members);
      const dueOf = new Map<string, number>();
      const all: string[] = [];
      let cancelsRejected = 0;
      let cancelsUnanswered = 0;
      for (let round = 0; round < size.rounds; round++) {
        const ids = tagged.ids(`race${round}`, size.perRound);
        // On a whole second: the schedules all fire in it, and the cancels straddle it.
        const due = Math.ceil((Date.now() + LEAD_MS) / 1000) * 1000;
        for (const id of ids) dueOf.set(id, due);
        const { records } = await publishPaced({
          nc,
          ids,
          body: scheduledBody(tagged.body, dueOf),
          ratePerSecond: 1_000,
          maxInFlight: 64,
          maxAttempts: 5,
        });
        if (records.some((r) => !r.acked)) throw new Error(`round ${round}: a request was not acknowledged`);
        const before = all.length;
        await waitFor(async () => (await heldSchedules(nc)) === size.perRound, {
          timeoutMs: due - Date.now() - CANCEL_SPREAD_MS / 2,
          message: `round ${round}: not every request held before its due time`,
        });
        all.push(...ids);
        await sleep(due - CANCEL_SPREAD_MS / 2 - Date.now());
        const step = CANCEL_SPREAD_MS / size.perRound;
        const answers = await Promise.all(
          ids.map((requestId, i) =>
            sleep(i * step).then(() => requestCancel(nc, { requestId }, { timeoutMs: 15_000 })),
          ),
        );
        cancelsRejected += answers.filter((a) => a.status === 'rejected').length;
        cancelsUnanswered += answers.filter((a) => a.status === 'timeout').length;
        await waitAllTerminal(nc, all, terminal, { timeoutMs: windowMs });
        log(`round ${round}: ${all.length - before} raced; ${cancelsRejected} cancels rejected so far`);
      }
      const ledger = await readPostLedger(nc);
      const posts = await emulatorPosts(system.emulator.url);
      const postCounts = await tagged.counts();
      let published = 0;
      let cancelled = 0;
      let both = 0;
      let neither = 0;
      let cancelledPosted = 0;
      let publishedNotOnce = 0;
      for (const id of all) {
        const entry = ledger.get(id);
        const isPublished = (entry?.published ?? 0) > 0;
        const isCancelled = (entry?.cancelled ?? 0) > 0;
        if (isPublished) published += 1;
        if (isCancelled) cancelled += 1;
        if (isPublished && isCancelled) both += 1;
        if (!isPublished && !isCancelled) neither += 1;
        if (isCancelled && postCounts.has(id)) cancelledPosted += 1;
        if (isPublished && postCounts.get(id) !== 1) publishedNotOnce += 1;
      }
      return [
        { name: 'requests raced by a cancel', value: all.length, bar: { eq: size.rounds * size.perRound } },
        { name: 'ended post.published', value: published },
        { name: 'ended post.cancelled', value: cancelled },
        { name: 'both published and cancelled', value: both, bar: { eq: 0 } },
        { name: 'neither published nor cancelled', value: neither, bar: { eq: 0 } },
        { name: 'cancelled, yet at LinkedIn', value: cancelledPosted, bar: { eq: 0 } },
        { name: 'published, not exactly once at LinkedIn', value: publishedNotOnce, bar: { eq: 0 } },
        {
          name: 'post.failed',
          value: all.filter((id) => (ledger.get(id)?.failed ?? 0) > 0).length,
          bar: { eq: 0 },
        },
        { name: 'cancels answered already_published', value: cancelsRejected, bar: { eq: published } },
        { name: 'cancels without an answer', value: cancelsUnanswered, bar: { eq: 0 } },
        ...scheduleFigures(dueOf, posts),
      ];
    });
  },
});
