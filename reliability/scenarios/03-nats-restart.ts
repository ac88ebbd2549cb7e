// Issue #9, scenario 3: the NATS server (JetStream, file storage) is stopped and started again on the same
// store in the middle of a run: once gracefully (SIGTERM, as in an upgrade), once killed (SIGKILL, a crash). Bar: every `post.requested` whose JetStream publish was acknowledged ends with
// exactly one post and a terminal event. Publishes that failed loudly (the caller got an error) are counted
// apart; the sender retries them with the same requestId, as a caller should.
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { postText } from '../src/delivery-figures.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { publishPaced } from '../src/paced-publishes.ts';
import { waitAllTerminal } from '../src/post-outcomes.ts';
import { startRestartableServer } from '../src/restartable-server.ts';

const SIZES = {
  fast: { posts: 600, members: 5, rate: 100 },
  full: { posts: 3_000, members: 10, rate: 100 },
};
const RESTARTS: { at: number; signal: NodeJS.Signals }[] = [
  { at: 0.3, signal: 'SIGTERM' },
  { at: 0.65, signal: 'SIGKILL' },
];
const DOWN_MS = 3_000;

export default defineScenario({
  id: '03-nats-restart',
  title: 'NATS server (file storage) restarted in the middle of a run',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const nats = await startRestartableServer('nats');
    try {
      return await withDeliveryRun(
        {
          members: size.members,
          interruptions: RESTARTS.length,
          interruptionMs: DOWN_MS + 20_000,
          system: { natsUrl: nats.url },
        },
        async (run) => {
          // The scenario's client never gives up reconnecting, like the services'.
          const { system, members, windowMs, terminal, started } = run;
          const nc = system.nc;
          const prefix = `natsrestart-${started.toString(36)}`;
          const ids = Array.from({ length: size.posts }, (_, i) => `${prefix}-${i}`);
          const sentIds = new Set<string>();
          const publishing = publishPaced({
            nc,
            ids,
            body: (requestId) => {
              sentIds.add(requestId);
              const n = Number(requestId.slice(prefix.length + 1));
              const connectionId = members[n % members.length]?.connectionId ?? '';
              return { requestId, connectionId, text: postText(requestId) };
            },
            ratePerSecond: size.rate,
            maxInFlight: 64,
            maxAttempts: 10,
            retryDelayMs: 500,
          });
          const downMs: number[] = [];
          const recoveries: Promise<number>[] = [];
          for (const restart of RESTARTS) {
            await waitFor(() => sentIds.size >= size.posts * restart.at, {
              timeoutMs: 120_000,
              intervalMs: 20,
            });
            log(`${restart.signal} nats-server at ${sentIds.size} sent, ${terminal.done.size} terminal`);
            const stoppedAt = Date.now();
            await nats.kill(restart.signal);
            await sleep(DOWN_MS);
            await nats.start();
            downMs.push(Date.now() - stoppedAt);
            log(`nats-server back after ${downMs.at(-1)} ms`);
            // How long until the system ends requests again (the next terminal event seen).
            const [backAt, endedBefore] = [Date.now(), terminal.done.size];
            recoveries.push(
              waitFor(() => terminal.done.size > endedBefore, { timeoutMs: windowMs, intervalMs: 20 }).then(
                () => Date.now() - backAt,
                () => windowMs,
              ),
            );
          }
          const { records, errorKinds } = await publishing;
          const acknowledged = records.filter((r) => r.acked).map((r) => r.requestId);
          const allEnded = await waitAllTerminal(nc, acknowledged, terminal, { timeoutMs: windowMs });
          if (!allEnded) log('retry window over before every acknowledged request ended');
          const allTerminal = run.timeToAllTerminal();
          const recoveryMs = await Promise.all(recoveries);
          const { figures } = await run.finish(acknowledged);
          log(`publish errors: ${JSON.stringify([...errorKinds])}`);
          return [
            { name: 'members', value: members.length },
            {
              name: 'nats-server restarts (SIGTERM, then SIGKILL)',
              value: downMs.length,
              bar: { eq: RESTARTS.length },
            },
            {
              name: 'longest nats-server down (signal to ready)',
              value: Math.max(...downMs) / 1000,
              unit: 's',
            },
            {
              name: 'longest nats-server ready to next terminal event',
              value: Math.max(...recoveryMs) / 1000,
              unit: 's',
            },
            { name: 'requests sent', value: records.length },
            { name: 'publish attempts that failed loudly', value: records.reduce((n, r) => n + r.errors, 0) },
            {
              name: 'requests acknowledged after a retry',
              value: records.filter((r) => r.acked && r.errors).length,
            },
            { name: 'requests never acknowledged', value: records.length - acknowledged.length },
            ...figures,
            allTerminal,
          ];
        },
      );
    } finally {
      await nats.close();
    }
  },
});
