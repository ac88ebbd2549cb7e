// Issue #18: scheduled posts held by the server (PUBLISHER_SCHEDULES) while nats-server is SIGKILLed and started
// again on the same store, with their due times from just before the kill to just after the restart (some fall
// due while it is down). Bars: none lost, none early, none twice, every one terminal.
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { emulatorPosts } from '../src/emulator-admin.ts';
import { publishPaced } from '../src/paced-publishes.ts';
import { startRestartableServer } from '../src/restartable-server.ts';
import {
  heldSchedules,
  scheduleFigures,
  scheduledBody,
  spreadDueTimes,
  waitAllTerminalWhileProgressing,
  withoutWindowBar,
} from '../src/scheduled-posts.ts';
import { createTaggedPosts } from '../src/tagged-posts.ts';

// `leadMs`: from the first send to the first due time, room for every request to be held first.
const SIZES = {
  fast: { posts: 3_000, members: 5, rate: 1_000, leadMs: 30_000, spreadMs: 6_000 },
  full: { posts: 100_000, members: 20, rate: 1_500, leadMs: 240_000, spreadMs: 20_000 },
};
const DOWN_MS = 3_000;
/** The kill comes this long before the first due time: the first few seconds of posts fall due while down. */
const KILL_BEFORE_DUE_MS = 1_000;

export default defineScenario({
  id: '11-nats-restart-schedules',
  title: 'nats-server SIGKILLed and restarted while scheduled posts wait on it and fall due',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const nats = await startRestartableServer('nats');
    try {
      return await withDeliveryRun(
        {
          members: size.members,
          interruptions: 1,
          interruptionMs: DOWN_MS + 20_000,
          system: { natsUrl: nats.url },
        },
        async (run) => {
          const { system, members, windowMs, terminal } = run;
          const nc = system.nc;
          const tagged = createTaggedPosts(system.emulator.url, members);
          const ids = tagged.ids('due', size.posts);
          const firstDue = Date.now() + size.leadMs;
          const dueOf = spreadDueTimes(ids, firstDue, size.spreadMs);
          log(
            `sending ${size.posts} posts due from ${new Date(firstDue).toISOString()} over ${size.spreadMs} ms`,
          );
          const sentAt = Date.now();
          const { records } = await publishPaced({
            nc,
            ids,
            body: scheduledBody(tagged.body, dueOf),
            ratePerSecond: size.rate,
            maxInFlight: 256,
            maxAttempts: 10,
          });
          const acknowledged = records.filter((r) => r.acked).map((r) => r.requestId);
          await waitFor(async () => ((await heldSchedules(nc)) ?? 0) >= acknowledged.length, {
            timeoutMs: Math.max(1_000, firstDue - KILL_BEFORE_DUE_MS - Date.now()),
            intervalMs: 500,
          }).catch(() => log('not every request was held before the kill'));
          const holdSeconds = (Date.now() - sentAt) / 1000;
          await sleep(Math.max(0, firstDue - KILL_BEFORE_DUE_MS - Date.now()));
          const held = (await heldSchedules(nc)) ?? 0;
          log(`${held} held; SIGKILL nats-server`);
          const killedAt = Date.now();
          await nats.kill('SIGKILL');
          await sleep(DOWN_MS);
          await nats.start();
          const downSeconds = (Date.now() - killedAt) / 1000;
          log(`nats-server back after ${downSeconds} s`);
          const lastDue = firstDue + size.spreadMs;
          await sleep(Math.max(0, lastDue - Date.now()));
          const allEnded = await waitAllTerminalWhileProgressing(nc, acknowledged, terminal, windowMs);
          if (!allEnded) log('window over before every request ended');
          const { figures } = await run.finish(acknowledged, dueOf);
          return [
            { name: 'members', value: members.length },
            { name: 'requests acknowledged', value: acknowledged.length, bar: { eq: size.posts } },
            { name: 'held on schedules at the kill', value: held, bar: { eq: acknowledged.length } },
            { name: 'time to send and hold them all', value: holdSeconds, unit: 's' },
            { name: 'nats-server down (SIGKILL to ready)', value: downSeconds, unit: 's' },
            ...withoutWindowBar(figures),
            ...scheduleFigures(dueOf, await emulatorPosts(system.emulator.url)),
            run.timeToAllTerminal(lastDue),
          ];
        },
      );
    } finally {
      await nats.close();
    }
  },
});
