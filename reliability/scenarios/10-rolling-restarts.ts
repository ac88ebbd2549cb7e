// Issue #9, scenario 10: graceful shutdown under load. Every service in turn gets SIGTERM, is started again and
// waited for (`/readyz`) while posts flow on the bus and HTTP traffic hits the gateway (`POST /v1/posts`,
// `GET /readyz`). Bars: no lost or duplicate posts, no 5xx other than 503, every process exits by itself within
// its grace period (service-kit's `installShutdown` delay, 10 s; the pods allow 30 s).
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceName } from '@li-bus/dev-stack';
import { defineScenario, type Figure } from '../src/scenario.ts';
import { postText } from '../src/delivery-figures.ts';
import { withDeliveryRun } from '../src/delivery-run.ts';
import { describeAnswers, startGatewayTraffic, unexpected5xx } from '../src/gateway-traffic.ts';
import { publishPaced } from '../src/paced-publishes.ts';
import { waitAllTerminal } from '../src/post-outcomes.ts';

/** service-kit `installShutdown`'s delay: the whole ordered shutdown must fit in it. */
const GRACE_MS = 10_000;
/** What the test harness waits before SIGKILL (the pods' terminationGracePeriodSeconds). */
const POD_GRACE_MS = 30_000;
const ORDER: ServiceName[] = ['token-keeper', 'publisher', 'auth-gateway'];
const SIZES = {
  fast: { rounds: 1, members: 4, busRate: 40, settleMs: 1_000 },
  full: { rounds: 3, members: 10, busRate: 60, settleMs: 3_000 },
};

interface Restart {
  name: ServiceName;
  exitMs: number;
  exitCode: number | null;
  readyMs: number;
}

export default defineScenario({
  id: '10-rolling-restarts',
  title: 'Rolling restarts (SIGTERM) of every service under load',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const restartsPlanned = size.rounds * ORDER.length;
    return withDeliveryRun({ members: size.members, interruptions: restartsPlanned }, async (run) => {
      const { system, members, windowMs, terminal } = run;
      const connectionIds = members.map((m) => m.connectionId);
      const stamp = Date.now().toString(36);
      const busPrefix = `rolling-bus-${stamp}`;
      let rolling = true;
      const bus = publishPaced({
        nc: system.nc,
        ids: Array.from({ length: 100_000 }, (_, i) => `${busPrefix}-${i}`),
        body: (requestId) => ({
          requestId,
          connectionId:
            connectionIds[Number(requestId.slice(busPrefix.length + 1)) % connectionIds.length] ?? '',
          text: postText(requestId),
        }),
        ratePerSecond: size.busRate,
        maxInFlight: 32,
        maxAttempts: 10,
        retryDelayMs: 500,
        stop: () => !rolling,
      });
      const http = startGatewayTraffic({
        gatewayUrl: system.gatewayUrl,
        connectionIds,
        prefix: `rolling-http-${stamp}`,
      });
      const started = Date.now();
      const restarts: Restart[] = [];
      for (let round = 1; round <= size.rounds; round += 1) {
        for (const name of ORDER) {
          await sleep(size.settleMs);
          const service = system.stack.services[name];
          const signalled = Date.now();
          const exitCode = await service.stop(POD_GRACE_MS);
          const exitMs = Date.now() - signalled;
          await service.restart();
          const restart = { name, exitMs, exitCode, readyMs: Date.now() - signalled };
          restarts.push(restart);
          log(
            `round ${round}: ${name} exited (${exitCode}) after ${exitMs} ms, ready after ${restart.readyMs} ms`,
          );
        }
      }
      await sleep(size.settleMs);
      rolling = false;
      const [busResult, httpResult] = await Promise.all([bus, http.stop()]);
      log(`POST /v1/posts: ${describeAnswers(httpResult.postAnswers)}`);
      log(`POST /v1/posts errors: ${describeAnswers(httpResult.postErrors)}`);
      log(`GET /readyz: ${describeAnswers(httpResult.readyAnswers)}`);
      const busAcked = busResult.records.filter((r) => r.acked).map((r) => r.requestId);
      const requestIds = [...busAcked, ...httpResult.accepted];
      const allEnded = await waitAllTerminal(system.nc, requestIds, terminal, { timeoutMs: windowMs });
      if (!allEnded) log('retry window over before every request ended');
      const allTerminal = run.timeToAllTerminal(started);
      const { figures } = await run.finish(requestIds);
      const count = (answers: Map<string, number>, key: string) => answers.get(key) ?? 0;
      const perService: Figure[] = ORDER.map((name) => ({
        name: `${name}: longest SIGTERM to exit`,
        value: Math.max(...restarts.filter((r) => r.name === name).map((r) => r.exitMs)) / 1000,
        unit: 's',
      }));
      return [
        { name: 'members', value: members.length },
        { name: 'SIGTERM restarts', value: restarts.length, bar: { eq: restartsPlanned } },
        {
          name: `exited by itself within the grace period (${GRACE_MS / 1000} s)`,
          value: restarts.filter((r) => r.exitCode !== null && r.exitMs <= GRACE_MS).length,
          bar: { eq: restartsPlanned },
        },
        {
          name: 'exited with a non-zero code',
          value: restarts.filter((r) => r.exitCode !== 0).length,
          bar: { eq: 0 },
        },
        ...perService,
        {
          name: 'longest SIGTERM to ready again',
          value: Math.max(...restarts.map((r) => r.readyMs)) / 1000,
          unit: 's',
        },
        { name: 'bus requests acknowledged', value: busAcked.length },
        {
          name: 'bus publishes that failed loudly',
          value: busResult.records.reduce((n, r) => n + r.errors, 0),
        },
        { name: 'HTTP posts accepted (202)', value: httpResult.accepted.length },
        { name: 'HTTP posts never accepted', value: httpResult.neverAccepted.length, bar: { eq: 0 } },
        { name: 'POST /v1/posts 503', value: count(httpResult.postAnswers, '503') },
        { name: 'POST /v1/posts connection refused', value: count(httpResult.postAnswers, 'ECONNREFUSED') },
        {
          name: 'POST /v1/posts other answers (see log)',
          value: [...httpResult.postAnswers]
            .filter(([answer]) => !['202', '503', 'ECONNREFUSED'].includes(answer))
            .reduce((n, [, c]) => n + c, 0),
        },
        {
          name: 'POST /v1/posts 5xx other than 503',
          value: unexpected5xx(httpResult.postAnswers),
          bar: { eq: 0 },
        },
        { name: 'GET /readyz 200', value: count(httpResult.readyAnswers, '200') },
        { name: 'GET /readyz 503', value: count(httpResult.readyAnswers, '503') },
        {
          name: 'GET /readyz 5xx other than 503',
          value: unexpected5xx(httpResult.readyAnswers),
          bar: { eq: 0 },
        },
        ...figures,
        allTerminal,
      ];
    });
  },
});
