// Issue #9, scenario 1: SIGKILL the publisher 3 times while 5,000 posts over 20 members flow.
// Bars: lost 0, duplicates 0, every request terminal within its retry window.
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { connectMembers } from '../src/connect-members.ts';
import { deliveryFigures } from '../src/delivery-figures.ts';
import { collectPostCreates, emulatorPosts } from '../src/emulator-admin.ts';
import { readPostLedger, watchTerminal } from '../src/post-outcomes.ts';
import { startPostTraffic } from '../src/post-traffic.ts';
import { retryWindowMs, SCENARIO_PUBLISHER_ENV, startReliabilitySystem } from '../src/reliability-system.ts';

const SIZES = { fast: { posts: 600, members: 5 }, full: { posts: 5_000, members: 20 } };
const KILL_AT = [0.2, 0.45, 0.7];

export default defineScenario({
  id: '01-publisher-sigkill',
  title: 'SIGKILL the publisher 3 times during a run of posts',
  fast: true,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const windowMs = retryWindowMs(SCENARIO_PUBLISHER_ENV, KILL_AT.length);
    const system = await startReliabilitySystem();
    try {
      const members = await connectMembers({
        gatewayUrl: system.gatewayUrl,
        emulatorUrl: system.emulator.url,
        nc: system.nc,
        count: size.members,
      });
      log(`${members.length} members connected; sending ${size.posts} posts`);
      const terminal = watchTerminal(system.nc);
      const creates = collectPostCreates(system.emulator.url);
      const started = Date.now();
      const traffic = startPostTraffic({
        nc: system.nc,
        connectionIds: members.map((m) => m.connectionId),
        count: size.posts,
        prefix: `sigkill-${started.toString(36)}`,
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
      const allTerminalMs = Date.now() - started;
      const drainMs = Date.now() - lastRequestAt;
      terminal.stop();
      const { creates: createLog, complete } = await creates.stop();
      if (!complete) log('the emulator request log wrapped between reads: 201 counts are a lower bound');
      const figures = deliveryFigures({
        requestIds: traffic.acknowledged,
        posts: await emulatorPosts(system.emulator.url),
        creates: createLog,
        ledger: await readPostLedger(system.nc),
        windowMs,
      });
      return [
        { name: 'members', value: members.length },
        ...figures,
        { name: 'publishes failed loudly', value: traffic.failed.length, bar: { eq: 0 } },
        { name: 'SIGKILLs', value: restartMs.length, bar: { eq: KILL_AT.length } },
        { name: 'time to all terminal', value: allTerminalMs / 1000, unit: 's' },
        { name: 'time from last request to all terminal', value: drainMs / 1000, unit: 's' },
        { name: 'longest kill-to-ready', value: Math.max(...restartMs) / 1000, unit: 's' },
      ];
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- service log tail ---\n${system.logTail()}`, {
        cause: error,
      });
    } finally {
      await system.close();
    }
  },
});
