// Finding and crashing a JetStream stream's leader in a local NATS cluster (`@li-bus/testkit` nodes).
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { waitFor, type NatsCluster, type NatsClusterNode } from '@li-bus/testkit';

/** The stream's leader and replicas as `$JS.API.STREAM.INFO` reports them; undefined while there is no leader. */
export async function streamPlacement(
  nc: NatsConnection,
  stream: string,
): Promise<{ leader: string; replicas: { name: string; current: boolean }[] } | undefined> {
  try {
    const jsm = await jetstreamManager(nc, { timeout: 2_000 });
    const info = await jsm.streams.info(stream);
    const leader = info.cluster?.leader;
    if (!leader) return undefined;
    return {
      leader,
      replicas: (info.cluster?.replicas ?? []).map((r) => ({ name: r.name, current: r.current })),
    };
  } catch {
    return undefined;
  }
}

/** Waits until the stream has a leader and every replica is current (caught up). */
export async function waitStreamHealthy(nc: NatsConnection, stream: string, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const placement = await streamPlacement(nc, stream);
      return placement && placement.replicas.every((r) => r.current) ? placement : undefined;
    },
    { timeoutMs, intervalMs: 250, message: `${stream}: no leader with current replicas in ${timeoutMs} ms` },
  );
}

export interface LeaderKill {
  killed: string;
  /** From the SIGKILL until another node answered as the stream's leader. */
  electedAfterMs: number;
  newLeader: string;
}

/**
 * SIGKILLs the node that leads `stream`, waits until another node is elected leader, then starts the killed
 * node again on the same ports and store dir (`beforeRestart` may change what it finds there first).
 */
export async function killStreamLeader(
  cluster: NatsCluster,
  nc: NatsConnection,
  stream: string,
  beforeRestart?: (node: NatsClusterNode) => Promise<void>,
): Promise<LeaderKill> {
  const before = await waitFor(() => streamPlacement(nc, stream), {
    timeoutMs: 30_000,
    intervalMs: 200,
    message: `${stream} has no leader to kill`,
  });
  const node: NatsClusterNode = cluster.node(before.leader);
  const killedAt = Date.now();
  await node.kill('SIGKILL');
  const after = await waitFor(
    async () => {
      const placement = await streamPlacement(nc, stream);
      return placement && placement.leader !== node.name ? placement : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 100, message: `${stream}: no new leader after killing ${node.name}` },
  );
  const electedAfterMs = Date.now() - killedAt;
  await beforeRestart?.(node);
  await node.start();
  return { killed: node.name, electedAfterMs, newLeader: after.leader };
}
