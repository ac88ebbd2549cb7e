// Issue #9, scenario 7: one member answered 429 for the rest of an emulated day while 9 others post: the others
// keep ≥ 95% of their baseline throughput, no other member is throttled, and the throttled member's requests
// wait (deferred until 00:00 UTC, the publisher's documented 429 behaviour) instead of failing or posting.
// Last, the throttled member keeps asking until its waiting requests fill the publisher's max_ack_pending.
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@li-bus/contracts';
import { createKeyring } from '@li-bus/sealing';
import { PUBLISHER_DURABLE } from '@li-bus/publisher/nats-resources';
import { defineScenario, type Figure } from '../src/scenario.ts';
import { connectMembers } from '../src/connect-members.ts';
import { postsPerRequest } from '../src/delivery-figures.ts';
import { emulatorPosts } from '../src/emulator-admin.ts';
import { sumMetric } from '../src/metric-sum.ts';
import {
  publisherThrottledMembers,
  setMemberDailyCreateLimit,
  startNextEmulatedDay,
  useUpDailyQuota,
} from '../src/member-quota.ts';
import { quantile } from '../src/paced-publishes.ts';
import { readPostLedger, watchTerminal } from '../src/post-outcomes.ts';
import { startReliabilitySystem } from '../src/reliability-system.ts';
import { throttleBacklogFigures } from '../src/throttle-backlog.ts';
import { measureGroup, rate, runRounds, type RoundKind } from '../src/throughput-rounds.ts';
import { storedAccessToken } from '../src/token-refreshes.ts';

/**
 * W: warm-up (a baseline round, not measured); B: baseline round (the 10th member posts normally); T: that member
 * is over its daily quota. B and T alternate in ABBA blocks so that drift and outside load hit both alike.
 */
const ABBA: RoundKind[] = ['B', 'T', 'T', 'B'];
const SIZES = {
  fast: { perMember: 20, blocks: 1, probePerMember: 5 },
  full: { perMember: 50, blocks: 6, probePerMember: 10 },
};
const OTHERS = 9;
const MAX_ACK_PENDING = 100_000;
/** Waiting requests the throttled member piles up before the probe: 5× the window the publisher once shipped. */
const BACKLOG = 5_000;
/** The publisher as shipped (README defaults), not the short retries of the crash scenarios. */
const SHIPPED_PUBLISHER_ENV = {
  PUBLISH_CONCURRENCY: '16',
  PUBLISH_ACK_WAIT_MS: '30000',
  HTTP_TIMEOUT_MS: '15000',
  PUBLISH_BACKOFF_MS: '2000,10000,30000,60000,300000,900000,1800000',
  PUBLISH_MAX_ATTEMPTS: '8',
  PUBLISH_MAX_ACK_PENDING: String(MAX_ACK_PENDING),
  PUBLISH_THROTTLE_RECHECK_MS: '300000',
};
const round1 = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export default defineScenario({
  id: '07-rate-limit-isolation',
  title: '429 for one member for an emulated day: the others keep their throughput',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const order: RoundKind[] = ['W', ...Array.from({ length: size.blocks }, () => ABBA).flat()];
    const system = await startReliabilitySystem({ env: { publisher: SHIPPED_PUBLISHER_ENV } });
    const publisher = system.stack.services.publisher;
    const terminal = watchTerminal(system.nc);
    try {
      const emulatorUrl = system.emulator.url;
      const members = await connectMembers({
        gatewayUrl: system.gatewayUrl,
        emulatorUrl,
        nc: system.nc,
        count: OTHERS + 2,
      });
      const others = members.slice(0, OTHERS).map((m) => m.connectionId);
      const [steady, throttled] = members.slice(OTHERS);
      if (!steady || !throttled) throw new Error('members missing');
      // One emulated day for the whole run: a limit the others never reach, already used up by the throttled
      // member (elsewhere, with its own token), so LinkedIn answers it 429 until the emulated midnight.
      const limit = size.perMember * order.length + size.probePerMember + 10;
      await setMemberDailyCreateLimit(emulatorUrl, limit);
      const day = await startNextEmulatedDay(emulatorUrl);
      const keyring = createKeyring(system.tokenEncryptionKeys);
      const accessToken = await storedAccessToken(system.nc, keyring, throttled.connectionId);
      const quota = { baseUrl: emulatorUrl, accessToken, sub: throttled.sub, limit };
      const over = await useUpDailyQuota({ ...quota, label: 'day' });
      if (over !== 429) throw new Error(`the create after the daily quota answered ${over}, not 429`);
      log(
        `emulated ${day.slice(0, 10)}: one member over its daily quota of ${limit}; ${order.length} rounds`,
      );

      const rounds = await runRounds({
        nc: system.nc,
        publisher,
        order,
        perMember: size.perMember,
        others,
        subjectOf: (kind) => (kind === 'T' ? throttled : steady).connectionId,
        subjectWaits: (kind) => kind === 'T',
        done: terminal.done,
        prefix: `ratelimit-${Date.now().toString(36)}`,
        timeoutMs: 120_000,
      });
      const ledger = await readPostLedger(system.nc);
      const measured = rounds
        .filter((round) => round.kind !== 'W')
        .map((round) => ({ kind: round.kind, m: measureGroup(ledger, round.start, round.others) }));
      log(measured.map(({ kind, m }) => `${kind} ${rate([m]).toFixed(0)}/s`).join(', '));
      const of = (kind: RoundKind) => measured.filter((x) => x.kind === kind).map((x) => x.m);
      const baseline = rate(of('B'));
      const underThrottle = rate(of('T'));
      const blockRatios = Array.from({ length: size.blocks }, (_, b) => {
        const block = measured.slice(b * 4, b * 4 + 4);
        const pick = (kind: RoundKind) => block.filter((x) => x.kind === kind).map((x) => x.m);
        return rate(pick('T')) / rate(pick('B'));
      });
      const p99 = (kind: RoundKind) =>
        quantile(
          of(kind).flatMap((m) => m.latenciesMs),
          0.99,
        );

      const perRequest = postsPerRequest(await emulatorPosts(emulatorUrl));
      const othersIds = rounds.flatMap((round) => round.others);
      const throttledIds = rounds.filter((round) => round.kind === 'T').flatMap((round) => round.subject);
      const count = (ids: string[], test: (id: string) => boolean) => ids.filter(test).length;
      const held = await publisherThrottledMembers(system.nc);
      const consumer = await (
        await jetstreamManager(system.nc)
      ).consumers.info(STREAMS.posts.name, PUBLISHER_DURABLE);
      // The emulated day ends: LinkedIn takes the member's posts again (the publisher waits for its own 00:00 UTC).
      await startNextEmulatedDay(emulatorUrl);
      const quotaBack = (await useUpDailyQuota({ ...quota, limit: 0, label: 'next-day' })) === 201;
      const calls429 = await sumMetric([publisher.metricsUrl], 'linkedin_requests_total', {
        endpoint: '/rest/posts',
        status: '429',
      });
      const backlog = await throttleBacklogFigures({
        nc: system.nc,
        durable: PUBLISHER_DURABLE,
        maxAckPending: MAX_ACK_PENDING,
        backlog: BACKLOG,
        throttledConnectionId: throttled.connectionId,
        otherConnectionIds: others,
        done: terminal.done,
        prefix: `ratelimit-${Date.now().toString(36)}`,
        probePerMember: size.probePerMember,
        probeTimeoutMs: 60_000,
        log,
      });
      const figures: Figure[] = [
        { name: 'members posting per round (9 others + 1)', value: OTHERS + 1 },
        { name: 'posts per member per round', value: size.perMember },
        { name: 'measured rounds (B and T alternating ABBA, after 1 warm-up)', value: measured.length },
        { name: "others' throughput, baseline", value: round1(baseline), unit: 'posts/s' },
        { name: "others' throughput, one member throttled", value: round1(underThrottle), unit: 'posts/s' },
        { name: 'throttled / baseline', value: round1(underThrottle / baseline, 3), bar: { min: 0.95 } },
        { name: 'throttled / baseline per ABBA block, lowest', value: round1(Math.min(...blockRatios), 3) },
        { name: 'throttled / baseline per ABBA block, highest', value: round1(Math.max(...blockRatios), 3) },
        { name: "others' p99 round start to published, baseline", value: p99('B'), unit: 'ms' },
        { name: "others' p99 round start to published, throttled", value: p99('T'), unit: 'ms' },
        {
          name: "others' requests published",
          value: count(othersIds, (id) => (ledger.get(id)?.published ?? 0) > 0),
          bar: { eq: othersIds.length },
        },
        {
          name: "others' duplicate posts",
          value: othersIds.reduce((sum, id) => sum + Math.max(0, (perRequest.get(id) ?? 0) - 1), 0),
          bar: { eq: 0 },
        },
        {
          name: 'other members the publisher throttled',
          value: held.filter((sub) => sub !== throttled.sub).length,
          bar: { eq: 0 },
        },
        {
          name: 'throttled member held by the publisher until 00:00 UTC',
          value: held.includes(throttled.sub) ? 1 : 0,
          bar: { eq: 1 },
        },
        { name: '429 answers to the publisher (its linkedin_requests_total)', value: calls429 },
        { name: 'throttled requests', value: throttledIds.length },
        {
          name: 'throttled requests posted',
          value: count(throttledIds, (id) => (perRequest.get(id) ?? 0) > 0),
          bar: { eq: 0 },
        },
        {
          name: 'throttled requests failed',
          value: count(throttledIds, (id) => (ledger.get(id)?.failed ?? 0) > 0),
          bar: { eq: 0 },
        },
        {
          name: 'throttled requests still waiting in the consumer',
          value: consumer.num_ack_pending + consumer.num_pending,
          bar: { eq: throttledIds.length },
        },
        {
          name: "emulator takes the member's posts after its emulated midnight",
          value: quotaBack ? 1 : 0,
          bar: { eq: 1 },
        },
        ...backlog.figures,
      ];
      return figures;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- service log tail ---\n${system.logTail(10)}`, {
        cause: error,
      });
    } finally {
      publisher.kill('SIGCONT');
      terminal.stop();
      await system.close();
    }
  },
});
