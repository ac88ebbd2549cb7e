// A 3-node NATS cluster of local processes, every stream and bucket at replicas 3. Part 1: posts flow while the
// POSTS stream leader is SIGKILLed (and started again) every period: no acknowledged request may be lost or
// posted twice, and no client may give up reconnecting. Part 2: 2 of the 3 nodes are killed: every publish must
// fail loudly or stay durable (no false acknowledgement), and posts flow again once the nodes are back.
// RELIABILITY_NATS_SYNC_INTERVAL (e.g. `always`, `1s`) sets JetStream's `sync_interval` on every node; unset, the
// server default is used, as in the shipped configuration. The nodes run the testkit's nats-server (2.15).
// RELIABILITY_NATS_LOSE_STORE=1 also deletes each killed leader's store dir before its restart: the worst a
// crash with unsynced data can do to one node, which only replication (not fsync) covers.
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@li-bus/contracts';
import { waitFor } from '@li-bus/testkit';
import { defineScenario, type Figure } from '../src/scenario.ts';
import { startClusterSystem, type ClusterSystem } from '../src/cluster-system.ts';
import { disconnectedClients } from '../src/cluster-health.ts';
import { connectMembers } from '../src/connect-members.ts';
import { raiseCreateQuotas } from '../src/emulator-admin.ts';
import { publishPaced, quantile } from '../src/paced-publishes.ts';
import { readPostLedger } from '../src/post-outcomes.ts';
import { killStreamLeader, waitStreamHealthy, type LeaderKill } from '../src/stream-leader.ts';
import { createTaggedPosts, duplicatePosts, unposted, type TaggedPosts } from '../src/tagged-posts.ts';

const SYNC_INTERVAL = process.env['RELIABILITY_NATS_SYNC_INTERVAL'] ?? '';
const LOSE_STORE = process.env['RELIABILITY_NATS_LOSE_STORE'] === '1';
const SIZES = {
  fast: { posts: 1_000, rate: 40, killEveryMs: 8_000, outageMs: 8_000, afterRecovery: 20, drainMs: 120_000 },
  full: {
    posts: 10_000,
    rate: 40,
    killEveryMs: 30_000,
    outageMs: 30_000,
    afterRecovery: 100,
    drainMs: 300_000,
  },
};
type Size = (typeof SIZES)['full'];
type Log = (message: string) => void;
const POSTS = STREAMS.posts.name;
const MEMBERS = 10;
const CLIENT_NAME = 'reliability-04';

/** Part 1: `size.posts` requests at a steady rate while the POSTS leader is killed every period. */
async function leaderKills(
  system: ClusterSystem,
  tagged: TaggedPosts,
  size: Size,
  log: Log,
): Promise<Figure[]> {
  const { cluster, nc } = system;
  log(`part 1: ${size.posts} posts at ${size.rate}/s, POSTS leader killed every ${size.killEveryMs} ms`);
  const kills: LeaderKill[] = [];
  let killing = true;
  let killFailure: Error | undefined;
  const killer = (async () => {
    for (;;) {
      await sleep(size.killEveryMs);
      if (!killing) return;
      const kill = await killStreamLeader(cluster, nc, POSTS, async (node) => {
        if (LOSE_STORE) await rm(node.storeDir, { recursive: true, force: true });
      });
      kills.push(kill);
      log(
        `killed ${kill.killed}; ${kill.newLeader} led after ${kill.electedAfterMs} ms; ${kill.killed} restarted`,
      );
    }
  })().catch((error: unknown) => {
    killFailure = error instanceof Error ? error : new Error(String(error));
  });
  const started = Date.now();
  let records: Awaited<ReturnType<typeof publishPaced>>['records'] = [];
  try {
    const published = await publishPaced({
      nc,
      ids: tagged.ids('a', size.posts),
      body: tagged.body,
      ratePerSecond: size.rate,
      maxInFlight: 64,
      maxAttempts: 20,
    });
    records = published.records;
    log(`published; client errors by kind: ${JSON.stringify(Object.fromEntries(published.errorKinds))}`);
    await waitFor(async () => unposted(records, await tagged.counts()).length === 0, {
      timeoutMs: size.drainMs,
      intervalMs: 3_000,
      message: `not every acknowledged request was posted within ${size.drainMs} ms`,
    }).catch((error: unknown) => log(String(error)));
  } finally {
    killing = false;
    await killer;
  }
  if (killFailure !== undefined) throw killFailure;
  const seconds = (Date.now() - started) / 1000;
  await waitStreamHealthy(nc, POSTS);
  const counts = await tagged.counts();
  // Just after a kill the JetStream API may still time out: read again until it answers.
  const ledger = await waitFor(() => readPostLedger(nc), { timeoutMs: 60_000, intervalMs: 1_000 });
  const acked = records.filter((r) => r.acked);
  const withoutOutcome = acked.filter((r) => {
    const entry = ledger.get(r.requestId);
    return !entry || entry.published + entry.failed === 0;
  });
  for (const r of [...unposted(records, counts), ...withoutOutcome].slice(0, 20)) {
    log(
      `not done: ${r.requestId} posts=${counts.get(r.requestId) ?? 0} stream=${JSON.stringify(ledger.get(r.requestId))}`,
    );
  }
  const ackMs = acked.map((r) => r.ackMs ?? 0);
  return [
    { name: 'part 1: requests', value: records.length },
    { name: 'part 1: POSTS leader kills (SIGKILL, then restart)', value: kills.length, bar: { min: 1 } },
    {
      name: 'part 1: longest wait for a new POSTS leader',
      value: Math.max(0, ...kills.map((k) => k.electedAfterMs)),
      unit: 'ms',
    },
    { name: 'part 1: acknowledged requests', value: acked.length },
    {
      name: 'part 1: publishes that failed loudly (retried)',
      value: records.reduce((n, r) => n + r.errors, 0),
    },
    { name: 'part 1: requests never acknowledged', value: records.length - acked.length },
    {
      name: 'part 1: lost (acknowledged, no LinkedIn post)',
      value: unposted(records, counts).length,
      bar: { eq: 0 },
    },
    { name: 'part 1: duplicate LinkedIn posts', value: duplicatePosts(counts), bar: { eq: 0 } },
    { name: 'part 1: acknowledged without a terminal event', value: withoutOutcome.length, bar: { eq: 0 } },
    {
      name: 'part 1: acknowledged, yet missing from the POSTS stream',
      value: acked.filter((r) => ledger.get(r.requestId)?.requestedAt === undefined).length,
      bar: { eq: 0 },
    },
    { name: 'part 1: post.failed events', value: [...ledger.values()].reduce((n, e) => n + e.failed, 0) },
    { name: 'part 1: publish-to-ack p50', value: quantile(ackMs, 0.5), unit: 'ms' },
    { name: 'part 1: publish-to-ack p99', value: quantile(ackMs, 0.99), unit: 'ms' },
    { name: 'part 1: duration (publishing and draining)', value: seconds, unit: 's' },
  ];
}

/** Part 2: the POSTS leader and one more node killed for `size.outageMs`, then started again. */
async function quorumLoss(
  system: ClusterSystem,
  tagged: TaggedPosts,
  size: Size,
  log: Log,
): Promise<Figure[]> {
  const { cluster, nc } = system;
  const placement = await waitStreamHealthy(nc, POSTS);
  const down = [placement.leader, placement.replicas[0]?.name ?? ''].map((name) => cluster.node(name));
  log(`part 2: ${down.map((n) => n.name).join(' and ')} killed for ${size.outageMs} ms`);
  await Promise.all(down.map((node) => node.kill('SIGKILL')));
  const outageEnds = Date.now() + size.outageMs;
  const outage = await publishPaced({
    nc,
    ids: tagged.ids('outage', Math.ceil(size.outageMs / 100)),
    body: tagged.body,
    ratePerSecond: 10,
    maxInFlight: 16,
    maxAttempts: 1,
    stop: () => Date.now() >= outageEnds,
  });
  log(`client errors while down: ${JSON.stringify(Object.fromEntries(outage.errorKinds))}`);

  const restartedAt = Date.now();
  await Promise.all(down.map((node) => node.start()));
  const recoveryIds = tagged.ids('recovery', size.afterRecovery);
  const firstPost = waitFor(
    async () => {
      const counts = await tagged.counts();
      return recoveryIds.some((id) => counts.has(id));
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  ).then(
    () => (Date.now() - restartedAt) / 1000,
    () => Number.NaN,
  );
  const recovery = await publishPaced({
    nc,
    ids: recoveryIds,
    body: tagged.body,
    ratePerSecond: 10,
    maxInFlight: 16,
    maxAttempts: 120,
  });
  const toFirstPost = await firstPost;
  const firstAck = Math.min(...recovery.records.map((r) => r.ackedAt ?? Number.POSITIVE_INFINITY));
  const all = [...outage.records, ...recovery.records];
  await waitFor(async () => unposted(all, await tagged.counts()).length === 0, {
    timeoutMs: 120_000,
    intervalMs: 1_000,
    message: 'not every acknowledged request was posted after recovery',
  }).catch((error: unknown) => log(String(error)));
  const counts = await tagged.counts();
  return [
    { name: 'part 2: publishes while 2 of 3 nodes were down', value: outage.records.length },
    { name: 'part 2: of those, failed loudly', value: outage.records.filter((r) => !r.acked).length },
    { name: 'part 2: of those, acknowledged', value: outage.records.filter((r) => r.acked).length },
    {
      name: 'part 2: false acknowledgements (acknowledged, never posted)',
      value: unposted(outage.records, counts).length,
      bar: { eq: 0 },
    },
    {
      name: 'part 2: failed loudly, yet posted after recovery',
      value: outage.records.filter((r) => !r.acked && counts.has(r.requestId)).length,
    },
    {
      name: 'part 2: from restarting the nodes to the first acknowledged publish',
      value: (firstAck - restartedAt) / 1000,
      unit: 's',
    },
    {
      name: 'part 2: from restarting the nodes to the first new post',
      value: toFirstPost,
      unit: 's',
      bar: { max: 60 },
    },
    {
      name: 'part 2: requests after recovery without a post',
      value: recoveryIds.filter((id) => !counts.has(id)).length,
      bar: { eq: 0 },
    },
    { name: 'whole run: duplicate LinkedIn posts', value: duplicatePosts(counts), bar: { eq: 0 } },
  ];
}

export default defineScenario({
  id: '04-nats-cluster',
  title: `3-node NATS cluster, R3 streams: leader kills, 2 of 3 nodes down (sync_interval: ${SYNC_INTERVAL || 'server default'}${LOSE_STORE ? '; killed leader restarts with an empty store' : ''})`,
  fast: false,
  async run(context) {
    const size = SIZES[context.scale];
    const log = (message: string) => context.log(message);
    const system = await startClusterSystem({
      ...(SYNC_INTERVAL ? { cluster: { jetstreamConfig: `sync_interval: ${SYNC_INTERVAL}` } } : {}),
      env: { publisher: { PUBLISH_BACKOFF_MS: '500,1000,2000,5000,10000', PUBLISH_MAX_ATTEMPTS: '30' } },
      clientName: CLIENT_NAME,
    });
    try {
      const { nc, emulator } = system;
      await raiseCreateQuotas(emulator.url);
      const members = await connectMembers({
        gatewayUrl: system.gatewayUrl,
        emulatorUrl: emulator.url,
        nc,
        count: MEMBERS,
      });
      const tagged = createTaggedPosts(emulator.url, members);
      const info = await (await jetstreamManager(nc)).streams.info(POSTS);
      const figures: Figure[] = [
        { name: 'POSTS stream replicas', value: info.config.num_replicas, bar: { eq: 3 } },
        ...(await leaderKills(system, tagged, size, log)),
        ...(await quorumLoss(system, tagged, size, log)),
      ];
      const gone = await disconnectedClients(system.cluster, system.stack, { [CLIENT_NAME]: nc });
      if (gone.length > 0) log(`not connected at the end: ${gone.join(', ')}`);
      figures.push({ name: 'clients that gave up reconnecting', value: gone.length, bar: { eq: 0 } });
      return figures;
    } finally {
      await system.close();
    }
  },
});
