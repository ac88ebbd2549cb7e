// Issue #18: the publisher SIGKILLed 3 times while server-side schedules fire (scenario 01's pattern, with every
// post scheduled): a fired request whose handler dies is delivered again by `publisher-due`, and the ledger keeps
// it to one post. Bars: none lost, none early, none twice, every one terminal.
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { emulatorPosts } from '../src/emulator-admin.ts';
import { publishPaced } from '../src/paced-publishes.ts';
import { waitAllTerminal } from '../src/post-outcomes.ts';
import { heldSchedules, scheduleFigures, scheduledBody, spreadDueTimes } from '../src/scheduled-posts.ts';
import { createTaggedPosts } from '../src/tagged-posts.ts';

const SIZES = {
  fast: { posts: 1_000, members: 5, leadMs: 15_000, spreadMs: 10_000 },
  full: { posts: 5_000, members: 20, leadMs: 30_000, spreadMs: 30_000 },
};
const KILL_AT = [0.2, 0.45, 0.7];

export default defineScenario({
  id: '13-publisher-sigkill-schedules',
  title: 'SIGKILL the publisher 3 times while scheduled posts fire',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    return withDeliveryRun({ members: size.members, interruptions: KILL_AT.length }, async (run) => {
      const { system, members, windowMs, terminal } = run;
      const nc = system.nc;
      const tagged = createTaggedPosts(system.emulator.url, members);
      const ids = tagged.ids('fire', size.posts);
      const firstDue = Date.now() + size.leadMs;
      const dueOf = spreadDueTimes(ids, firstDue, size.spreadMs);
      log(`${members.length} members; ${size.posts} posts due over ${size.spreadMs} ms`);
      const { records } = await publishPaced({
        nc,
        ids,
        body: scheduledBody(tagged.body, dueOf),
        ratePerSecond: 1_000,
        maxInFlight: 128,
        maxAttempts: 10,
      });
      const acknowledged = records.filter((r) => r.acked).map((r) => r.requestId);
      await waitFor(async () => ((await heldSchedules(nc)) ?? 0) >= acknowledged.length, {
        timeoutMs: Math.max(1_000, firstDue - Date.now()),
        intervalMs: 250,
      }).catch(() => log('not every request was held before the first was due'));
      const held = (await heldSchedules(nc)) ?? 0;
      const publisher = system.stack.services.publisher;
      const restartMs: number[] = [];
      for (const share of KILL_AT) {
        await waitFor(() => terminal.done.size >= size.posts * share, {
          timeoutMs: size.leadMs + size.spreadMs + windowMs,
          intervalMs: 20,
          message: `only ${terminal.done.size} terminal before the kill at ${share}`,
        });
        publisher.kill('SIGKILL');
        const killedAt = Date.now();
        await publisher.restart();
        restartMs.push(Date.now() - killedAt);
        log(`killed at ${terminal.done.size} terminal; ready again after ${restartMs.at(-1)} ms`);
      }
      const lastDue = firstDue + size.spreadMs;
      const allEnded = await waitAllTerminal(nc, acknowledged, terminal, {
        timeoutMs: Math.max(0, lastDue - Date.now()) + windowMs,
      });
      if (!allEnded) log('window over before every request ended');
      const { figures, complete } = await run.finish(acknowledged, dueOf);
      if (!complete) log('the emulator request log wrapped between reads: 201 counts are a lower bound');
      return [
        { name: 'members', value: members.length },
        { name: 'requests acknowledged', value: acknowledged.length, bar: { eq: size.posts } },
        { name: 'held on schedules before the first was due', value: held, bar: { eq: acknowledged.length } },
        { name: 'SIGKILLs while schedules fired', value: restartMs.length, bar: { eq: KILL_AT.length } },
        ...figures,
        ...scheduleFigures(dueOf, await emulatorPosts(system.emulator.url)),
        run.timeToAllTerminal(lastDue),
        { name: 'longest kill-to-ready', value: Math.max(...restartMs) / 1000, unit: 's' },
      ];
    });
  },
});
