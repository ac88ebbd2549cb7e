// Issue #9, scenario 6: 1,000 connections due for refresh at once with 3 token-keepers and 2 auth-gateways:
// exactly one refresh grant per connection at the emulator, every connection ends with its newest token; then a
// gateway paused (SIGSTOP) inside a grant past its lock's expiry and resumed cannot overwrite newer tokens.
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@li-bus/contracts';
import { createKeyring } from '@li-bus/sealing';
import { waitFor } from '@li-bus/testkit';
import { defineScenario, type Figure } from '../src/scenario.ts';
import { connectMembers } from '../src/connect-members.ts';
import { sumMetric } from '../src/metric-sum.ts';
import { pausedRefresherFigures } from '../src/paused-refresher.ts';
import { startReplicaSystem } from '../src/replica-system.ts';
import {
  checkStoredTokens,
  requestLogMark,
  tokenGrantsSince,
  watchRefreshed,
} from '../src/token-refreshes.ts';

const SIZES = {
  fast: { connections: 100, settleMs: 30_000 },
  full: { connections: 1_000, settleMs: 90_000 },
};
/** LinkedIn's access tokens live 60 days (`expires_in` 5184000). */
const ACCESS_TOKEN_MS = 60 * 24 * 3600_000;
const round1 = (value: number) => Math.round(value * 10) / 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default defineScenario({
  id: '06-refresh-race',
  title: '1,000 connections due for refresh at once (3 keepers, 2 gateways); a paused refresher',
  fast: false,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const system = await startReplicaSystem({ keepers: 3, gateways: 2 });
    const refreshed = watchRefreshed(system.nc);
    try {
      const keyring = createKeyring(system.tokenEncryptionKeys);
      const connectStarted = Date.now();
      const members = await connectMembers({
        gatewayUrl: system.gatewayUrl,
        emulatorUrl: system.emulator.url,
        nc: system.nc,
        count: size.connections,
        concurrency: 8,
      });
      const lastIssuedBy = Date.now();
      const connectMs = lastIssuedBy - connectStarted;
      const ids = members.map((m) => m.connectionId);
      log(
        `${ids.length} connections in ${Math.round(connectMs / 1000)} s; settling before they all fall due`,
      );

      // Every access token expires by lastIssuedBy + 60 d. A lead reaching that far makes all of them due at
      // once; a token refreshed now is due again only `settleMs` later, by which time the default lead is back.
      await sleep(Math.max(0, lastIssuedBy + size.settleMs - Date.now()));
      const mark = await requestLogMark(system.emulator.url);
      const dueFrom = Date.now();
      const leadSeconds = Math.ceil((lastIssuedBy + ACCESS_TOKEN_MS - dueFrom) / 1000) + 5;
      // Small claim batches, so the three keepers' schedulers really race for the due entries.
      await system.replaceKeepers(3, { REFRESH_LEAD_SECONDS: String(leadSeconds), SCHEDULER_BATCH: '50' });
      const keepersRestartMs = Date.now() - dueFrom;
      log(`3 keepers with REFRESH_LEAD_SECONDS=${leadSeconds}: every connection is due`);
      await waitFor(() => ids.every((id) => refreshed.byConnection.has(id)), {
        // Half the window: the default lead is back long before the first refreshed token falls due again.
        timeoutMs: size.settleMs / 2,
        intervalMs: 100,
        message: 'not every connection was refreshed before the settle window ran out',
      });
      const allRefreshedMs =
        Math.max(...ids.map((id) => refreshed.byConnection.get(id)?.[0]?.seenAt ?? 0)) - dueFrom;
      log(`all ${ids.length} refreshed in ${(allRefreshedMs / 1000).toFixed(1)} s; default lead back`);
      // Who did the work: the keepers' emitted dues and the gateways' refreshes (both counters restart with them).
      const dueByKeeper = await Promise.all(
        system.keepers.map((k) =>
          sumMetric([k.metricsUrl], 'token_keeper_emitted_total', { subject: 'token.refresh.due' }),
        ),
      );
      const refreshedByGateway = await Promise.all(
        system.gateways.map((g) =>
          sumMetric([g.metricsUrl], 'li_bus_refresh_total', { outcome: 'refreshed' }),
        ),
      );
      await system.replaceKeepers(3);
      const jsm = await jetstreamManager(system.nc);
      await waitFor(
        async () => {
          const info = await jsm.consumers.info(STREAMS.tokens.name, 'token-keeper-token-refreshed');
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { timeoutMs: 60_000, intervalMs: 200, message: 'token-keeper never caught up with token.refreshed' },
      );
      const { grants, complete } = await tokenGrantsSince(system.emulator.url, mark);
      if (!complete) log('the request log wrapped: the grant count is a lower bound');
      const refreshedIds = ids.filter((id) => refreshed.byConnection.has(id));
      const refreshedEvents = refreshed.total;
      const stored = await checkStoredTokens({
        nc: system.nc,
        keyring,
        emulatorUrl: system.emulator.url,
        connectionIds: ids,
        newest: (id) => refreshed.newest(id),
      });
      for (const failure of stored.failures.slice(0, 5)) log(failure);

      const [first, second] = system.gateways;
      const firstId = ids[0];
      if (!first || !second || firstId === undefined) throw new Error('need 2 gateways and a connection');
      const paused = await pausedRefresherFigures({
        nc: system.nc,
        keyring,
        emulatorUrl: system.emulator.url,
        gateways: [first, second],
        keepers: system.keepers,
        refreshed,
        connectionId: firstId,
        log,
      });
      const figures: Figure[] = [
        { name: 'connections (connect flow, emulator grants)', value: ids.length },
        { name: 'time to connect them', value: Math.round(connectMs / 100) / 10, unit: 's' },
        { name: 'refresh grants at the emulator', value: grants.length, bar: { eq: ids.length } },
        {
          name: 'refresh grants answered 200',
          value: grants.filter((g) => g.status === 200).length,
          bar: { eq: ids.length },
        },
        {
          name: 'duplicate grants (grants beyond one per connection)',
          value: grants.length - refreshedIds.length,
          bar: { eq: 0 },
        },
        { name: 'token.refreshed events', value: refreshedEvents },
        { name: 'connections refreshed', value: refreshedIds.length, bar: { eq: ids.length } },
        { name: 'connections storing their newest token', value: stored.newest, bar: { eq: ids.length } },
        {
          name: 'connections with a working token (emulator accepts tokens.get)',
          value: stored.working,
          bar: { eq: ids.length },
        },
        {
          name: 'keepers restart (stop 3, start 3 ready)',
          value: round1(keepersRestartMs / 1000),
          unit: 's',
        },
        {
          name: "time to all refreshed (from the keepers' restart)",
          value: Math.round(allRefreshedMs / 100) / 10,
          unit: 's',
        },
        ...dueByKeeper.map((value, i) => ({ name: `token.refresh.due emitted by keeper ${i + 1}`, value })),
        ...refreshedByGateway.map((value, i) => ({ name: `refreshes run by gateway ${i + 1}`, value })),
        ...paused,
      ];
      return figures;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- service log tail ---\n${system.logTail()}`, {
        cause: error,
      });
    } finally {
      refreshed.stop();
      for (const gateway of system.gateways) gateway.kill('SIGCONT');
      await system.close();
    }
  },
});
