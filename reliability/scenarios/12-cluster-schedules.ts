// Issue #18: scheduled posts on scenario 04's 3-node cluster (every stream R3, the publisher's schedule and
// counter streams included): the leader of PUBLISHER_SCHEDULES, then of POSTS, in turn, is SIGKILLed and started
// again every period while the posts are being held and while they fire. Bars: the publisher's streams are R3;
// none lost, none early, none twice, every one terminal; no client gives up reconnecting.
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@li-bus/contracts';
import { SCHEDULES_STREAM, WAITING_STREAM } from '@li-bus/publisher/nats-resources';
import { waitFor } from '@li-bus/testkit';
import { defineScenario, type Figure } from '../src/scenario.ts';
import { startClusterSystem } from '../src/cluster-system.ts';
import { disconnectedClients } from '../src/cluster-health.ts';
import { connectMembers } from '../src/connect-members.ts';
import { deliveryFigures } from '../src/delivery-figures.ts';
import { collectPostCreates, emulatorPosts, raiseCreateQuotas } from '../src/emulator-admin.ts';
import { publishPaced } from '../src/paced-publishes.ts';
import { readPostLedger, watchTerminal } from '../src/post-outcomes.ts';
import { retryWindowMs, SCENARIO_PUBLISHER_ENV } from '../src/reliability-system.ts';
import {
  heldSchedules,
  scheduleFigures,
  scheduledBody,
  spreadDueTimes,
  waitAllTerminalWhileProgressing,
  withoutWindowBar,
} from '../src/scheduled-posts.ts';
import { killStreamLeader, waitStreamHealthy, type LeaderKill } from '../src/stream-leader.ts';
import { createTaggedPosts } from '../src/tagged-posts.ts';

const SIZES = {
  fast: { posts: 2_000, rate: 400, leadMs: 30_000, spreadMs: 30_000, killEveryMs: 8_000 },
  full: { posts: 100_000, rate: 500, leadMs: 400_000, spreadMs: 120_000, killEveryMs: 30_000 },
};
const MEMBERS = 10;
const CLIENT_NAME = 'reliability-12';
/** Scenario 04's publisher retries, long enough to ride out an election. */
const PUBLISHER_ENV = {
  ...SCENARIO_PUBLISHER_ENV,
  PUBLISH_BACKOFF_MS: '500,1000,2000,5000,10000',
  PUBLISH_MAX_ATTEMPTS: '30',
};
const KILLED_IN_TURN = [SCHEDULES_STREAM, STREAMS.posts.name];

export default defineScenario({
  id: '12-cluster-schedules',
  title: '3-node NATS cluster, R3: stream leaders SIGKILLed while scheduled posts are held and fire',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const system = await startClusterSystem({ env: { publisher: PUBLISHER_ENV }, clientName: CLIENT_NAME });
    try {
      const { nc, emulator, cluster } = system;
      await raiseCreateQuotas(emulator.url);
      const members = await connectMembers({
        gatewayUrl: system.gatewayUrl,
        emulatorUrl: emulator.url,
        nc,
        count: MEMBERS,
      });
      const jsm = await jetstreamManager(nc);
      const replicas = async (stream: string) => (await jsm.streams.info(stream)).config.num_replicas;
      const figures: Figure[] = [
        { name: `${SCHEDULES_STREAM} replicas`, value: await replicas(SCHEDULES_STREAM), bar: { eq: 3 } },
        { name: `${WAITING_STREAM} replicas`, value: await replicas(WAITING_STREAM), bar: { eq: 3 } },
      ];
      const terminal = watchTerminal(nc);
      const creates = collectPostCreates(emulator.url);
      const tagged = createTaggedPosts(emulator.url, members);
      const ids = tagged.ids('r3', size.posts);
      const firstDue = Date.now() + size.leadMs;
      const lastDue = firstDue + size.spreadMs;
      const dueOf = spreadDueTimes(ids, firstDue, size.spreadMs);

      const kills: LeaderKill[] = [];
      let killing = true;
      let killFailure: Error | undefined;
      const killer = (async () => {
        // The first soon, while the requests are being held; the last before the last one is due.
        for (let turn = 0; ; turn++) {
          await sleep(turn === 0 ? size.killEveryMs / 3 : size.killEveryMs);
          if (!killing || Date.now() > lastDue) return;
          const stream = KILLED_IN_TURN[turn % KILLED_IN_TURN.length] ?? SCHEDULES_STREAM;
          const kill = await killStreamLeader(cluster, nc, stream);
          kills.push(kill);
          log(`${stream}: killed ${kill.killed}; ${kill.newLeader} led after ${kill.electedAfterMs} ms`);
        }
      })().catch((error: unknown) => {
        killFailure = error instanceof Error ? error : new Error(String(error));
      });
      let acknowledged: string[] = [];
      let heldAtDue = 0;
      try {
        log(
          `sending ${size.posts} posts due from ${new Date(firstDue).toISOString()} over ${size.spreadMs} ms`,
        );
        const { records, errorKinds } = await publishPaced({
          nc,
          ids,
          body: scheduledBody(tagged.body, dueOf),
          ratePerSecond: size.rate,
          maxInFlight: 128,
          maxAttempts: 30,
        });
        log(`sent; client errors by kind: ${JSON.stringify(Object.fromEntries(errorKinds))}`);
        acknowledged = records.filter((r) => r.acked).map((r) => r.requestId);
        await waitFor(async () => ((await heldSchedules(nc)) ?? 0) >= acknowledged.length, {
          timeoutMs: Math.max(1_000, firstDue - Date.now()),
          intervalMs: 1_000,
        }).catch(() => log('not every request was held before the first was due'));
        heldAtDue = (await heldSchedules(nc)) ?? 0;
        await killer; // it stops by itself once the last request is due
        const allEnded = await waitAllTerminalWhileProgressing(
          nc,
          acknowledged,
          terminal,
          retryWindowMs(PUBLISHER_ENV, 1, 30_000),
        );
        if (!allEnded) log('window over before every request ended');
      } finally {
        killing = false;
        await killer;
      }
      if (killFailure !== undefined) throw killFailure;
      terminal.stop();
      await waitStreamHealthy(nc, STREAMS.posts.name);
      const windowMs = retryWindowMs(PUBLISHER_ENV, kills.length, 30_000);
      const { creates: createLog, complete } = await creates.stop();
      if (!complete) log('the emulator request log wrapped between reads: 201 counts are a lower bound');
      const posts = await emulatorPosts(emulator.url);
      // Just after a kill the JetStream API may still time out: read again until it answers.
      const ledger = await waitFor(() => readPostLedger(nc), { timeoutMs: 60_000, intervalMs: 1_000 });
      const gone = await disconnectedClients(cluster, system.stack, { [CLIENT_NAME]: nc });
      if (gone.length > 0) log(`not connected at the end: ${gone.join(', ')}`);
      return [
        ...figures,
        { name: 'requests acknowledged', value: acknowledged.length, bar: { eq: size.posts } },
        { name: 'held on schedules when the first was due', value: heldAtDue },
        { name: 'leader kills (SIGKILL, then restart)', value: kills.length, bar: { min: 2 } },
        {
          name: 'longest wait for a new leader',
          value: kills.reduce((max, k) => Math.max(max, k.electedAfterMs), 0),
          unit: 'ms',
        },
        ...withoutWindowBar(
          deliveryFigures({
            requestIds: acknowledged,
            posts,
            creates: createLog,
            ledger,
            windowMs,
            notBeforeOf: dueOf,
          }),
        ),
        ...scheduleFigures(dueOf, posts),
        { name: 'clients that gave up reconnecting', value: gone.length, bar: { eq: 0 } },
      ];
    } finally {
      await system.close();
    }
  },
});
