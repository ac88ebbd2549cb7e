// A gateway paused (SIGSTOP) in the middle of a refresh grant, past its lock's expiry, while another gateway
// refreshes the same connection; then resumed (SIGCONT) so that it publishes its older tokens late. What must
// hold: token-keeper refuses the late write (its versioned compare-and-set), the newer token stays stored.
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { request } from 'undici';
import { SUBJECTS } from '@li-bus/contracts';
import type { ServiceProcess } from '@li-bus/dev-stack';
import { createEmulatorAdmin } from '@li-bus/linkedin-emulator';
import { API_KEY } from '@li-bus/dev-stack/system';
import type { Keyring } from '@li-bus/sealing';
import { waitFor } from '@li-bus/testkit';
import { injectFault } from './emulator-admin.ts';
import { sumMetric } from './metric-sum.ts';
import type { Figure } from './scenario.ts';
import { emulatorAccepts, storedAccessToken, type watchRefreshed } from './token-refreshes.ts';

/** The gateway's cross-replica refresh lock (NATS KV, `create` + 60 s TTL; services/auth-gateway refresh-guard). */
const LOCK_BUCKET = 'gateway_refresh_locks';

export interface PausedRefresherOptions {
  nc: NatsConnection;
  keyring: Keyring;
  emulatorUrl: string;
  /** The paused one first, the one that takes over second. */
  gateways: [ServiceProcess, ServiceProcess];
  keepers: readonly ServiceProcess[];
  refreshed: ReturnType<typeof watchRefreshed>;
  connectionId: string;
  log: (message: string) => void;
}

async function askRefresh(gatewayUrl: string, connectionId: string): Promise<void> {
  const response = await request(`${gatewayUrl}/v1/connections/${connectionId}/refresh`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  await response.body.dump();
  if (response.statusCode !== 202) throw new Error(`refresh answered ${response.statusCode}`);
}

async function faultPending(emulatorUrl: string, id: string): Promise<boolean> {
  const faults = await createEmulatorAdmin(emulatorUrl).faults();
  return faults.some((fault) => fault.id === id);
}

/** `token_keeper_stale_events_total{subject="token.refreshed"}` summed over the keepers. */
const staleRefreshEvents = (keepers: readonly ServiceProcess[]) =>
  sumMetric(
    keepers.map((keeper) => keeper.metricsUrl),
    'token_keeper_stale_events_total',
    { subject: 'token.refreshed' },
  );

export async function pausedRefresherFigures(options: PausedRefresherOptions): Promise<Figure[]> {
  const { nc, keyring, emulatorUrl, connectionId: id, refreshed, log } = options;
  const [paused, other] = options.gateways;
  const locks = await new Kvm(nc).open(LOCK_BUCKET);
  const lockHeld = async () => (await locks.get(id))?.operation === 'PUT';
  const before = await storedAccessToken(nc, keyring, id);
  const failures: string[] = [];
  const failedSub = nc.subscribe(SUBJECTS.tokenRefreshFailed, {
    callback: (_error, msg) => {
      try {
        const body = msg.json<{ connectionId?: string; code?: string }>();
        if (body.connectionId === id) failures.push(String(body.code));
      } catch {
        // not a JSON body
      }
    },
  });

  // Only the first gateway consumes while the grant starts; LinkedIn holds its answer for a few seconds.
  await other.stop();
  const fault = await injectFault(emulatorUrl, {
    method: 'POST',
    pathPrefix: '/oauth/v2/accessToken',
    times: 1,
    delayMs: 3_000,
  });
  await askRefresh(paused.url, id);
  await waitFor(async () => !(await faultPending(emulatorUrl, fault.id)), {
    timeoutMs: 90_000,
    intervalMs: 10,
    message: 'the paused gateway never started its refresh grant',
  });
  paused.kill('SIGSTOP');
  const pausedAt = Date.now();
  let resumed = false;
  try {
    const heldWhenPaused = await lockHeld();
    log(`gateway ${paused.port} paused inside its refresh grant (lock held: ${heldWhenPaused})`);
    await other.restart();
    await waitFor(async () => !(await lockHeld()), {
      timeoutMs: 180_000,
      intervalMs: 250,
      message: 'the paused gateway never lost its refresh lock',
    });
    const lockLostMs = Date.now() - pausedAt;
    // The other gateway may have refreshed on a redelivery already; if not, ask it (as token-keeper would).
    const tookOverAlone = (await storedAccessToken(nc, keyring, id)) !== before;
    if (!tookOverAlone) await askRefresh(other.url, id);
    await waitFor(async () => (await storedAccessToken(nc, keyring, id)) !== before, {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'the other gateway never refreshed the connection',
    });
    const newer = await storedAccessToken(nc, keyring, id);
    const staleBefore = await staleRefreshEvents(options.keepers);
    log(
      `lock expired ${Math.round(lockLostMs / 1000)} s after the pause; the other gateway refreshed; resuming`,
    );

    paused.kill('SIGCONT');
    resumed = true;
    const late = () =>
      (refreshed.byConnection.get(id) ?? []).find((e) => e.issuedAtMs < pausedAt && e.seenAt > pausedAt);
    await waitFor(() => late() !== undefined, { timeoutMs: 30_000, intervalMs: 100 }).catch(() =>
      log('the resumed gateway published no token.refreshed (its grant may have timed out)'),
    );
    const lateEvent = late();
    if (lateEvent) {
      await waitFor(async () => (await staleRefreshEvents(options.keepers)) > staleBefore, {
        timeoutMs: 20_000,
        intervalMs: 200,
      }).catch(() => log('token-keeper counted no stale token.refreshed'));
    }
    const final = await storedAccessToken(nc, keyring, id);
    const staleToken = lateEvent ? keyring.open(lateEvent.accessToken, id) : undefined;
    return [
      {
        name: 'paused gateway held the refresh lock when paused',
        value: heldWhenPaused ? 1 : 0,
        bar: { eq: 1 },
      },
      { name: 'other gateway refreshed on the redelivered due alone', value: tookOverAlone ? 1 : 0 },
      { name: 'token.refresh.failed for the connection during the pause', value: failures.length },
      { name: 'pause until its lock expired', value: Math.round(lockLostMs / 100) / 10, unit: 's' },
      {
        name: 'late token.refreshed published by the resumed gateway',
        value: lateEvent ? 1 : 0,
        bar: { min: 1 },
      },
      {
        name: 'stale events refused by token-keeper (metric)',
        value: (await staleRefreshEvents(options.keepers)) - staleBefore,
        bar: { min: 1 },
      },
      {
        name: 'stale overwrites',
        value: staleToken !== undefined && final === staleToken ? 1 : 0,
        bar: { eq: 0 },
      },
      { name: 'newer token still stored', value: final === newer ? 1 : 0, bar: { eq: 1 } },
      {
        name: 'stored token accepted by the emulator',
        value: (await emulatorAccepts(emulatorUrl, final)) ? 1 : 0,
        bar: { eq: 1 },
      },
    ];
  } finally {
    failedSub.unsubscribe();
    if (!resumed) paused.kill('SIGCONT');
  }
}
