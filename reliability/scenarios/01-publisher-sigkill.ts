// Issue #9, scenario 1: SIGKILL the publisher 3 times while 5,000 posts over 20 members flow.
// Bars: lost 0, duplicates 0, every request terminal within its retry window.
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { startPostTraffic } from '../src/post-traffic.ts';

const SIZES = { fast: { posts: 600, members: 5 }, full: { posts: 5_000, members: 20 } };
const KILL_AT = [0.2, 0.45, 0.7];

export default defineScenario({
  id: '01-publisher-sigkill',
  title: 'SIGKILL the publisher 3 times during a run of posts',
  fast: true,
  async run({ scale, log }) {
    const size = SIZES[scale];
    return withDeliveryRun({ members: size.members, interruptions: KILL_AT.length }, async (run) => {
      const { system, members, windowMs, terminal } = run;
      log(`${members.length} members connected; sending ${size.posts} posts`);
      const traffic = startPostTraffic({
        nc: system.nc,
        connectionIds: members.map((m) => m.connectionId),
        count: size.posts,
        prefix: `sigkill-${run.started.toString(36)}`,
        maxBacklog: Math.ceil(size.posts / 8),
        done: terminal.done,
      });
      const publisher = system.stack.services.publisher;
      const restartMs: number[] = [];
      for (const share of KILL_AT) {
        await waitFor(() => terminal.done.size >= size.posts * share, {
          timeoutMs: windowMs,
          intervalMs: 50,
          message: `only ${terminal.done.size} terminal before kill at ${share}`,
        });
        publisher.kill('SIGKILL');
        const killedAt = Date.now();
        await publisher.restart();
        restartMs.push(Date.now() - killedAt);
        log(`killed at ${terminal.done.size} terminal; ready again after ${restartMs.at(-1)} ms`);
      }
      await traffic.finished;
      const lastRequestAt = Date.now();
      await waitFor(() => terminal.done.size >= traffic.acknowledged.length, {
        timeoutMs: windowMs,
        intervalMs: 200,
      }).catch(() => log(`window over with ${terminal.done.size} terminal`));
      const allTerminal = run.timeToAllTerminal();
      const drainMs = Date.now() - lastRequestAt;
      const { figures, complete } = await run.finish(traffic.acknowledged);
      if (!complete) log('the emulator request log wrapped between reads: 201 counts are a lower bound');
      return [
        { name: 'members', value: members.length },
        ...figures,
        { name: 'publishes failed loudly', value: traffic.failed.length, bar: { eq: 0 } },
        { name: 'SIGKILLs', value: restartMs.length, bar: { eq: KILL_AT.length } },
        allTerminal,
        { name: 'time from last request to all terminal', value: drainMs / 1000, unit: 's' },
        { name: 'longest kill-to-ready', value: Math.max(...restartMs) / 1000, unit: 's' },
      ];
    });
  },
});
