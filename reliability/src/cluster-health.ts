// Whether every NATS client of a cluster run is still connected: the scenario's own client, and each service
// (process alive, `/readyz` ok, which includes its NATS connection not being closed, and listed by name in
// some running node's `/connz`).
import type { NatsConnection } from '@nats-io/transport-node';
import type { Stack } from '@li-bus/dev-stack';
import type { NatsCluster } from '@li-bus/testkit';

async function connectionNames(cluster: NatsCluster): Promise<Set<string>> {
  const names = new Set<string>();
  for (const node of cluster.nodes.filter((n) => n.running)) {
    try {
      const res = await fetch(`http://127.0.0.1:${node.monitorPort}/connz?limit=1024`, {
        signal: AbortSignal.timeout(2_000),
      });
      const body = (await res.json()) as { connections?: { name?: string }[] };
      for (const connection of body.connections ?? []) if (connection.name) names.add(connection.name);
    } catch {
      // a node that does not answer lists nobody
    }
  }
  return names;
}

/** The clients that are not connected (gave up reconnecting, or their process died), by name. */
export async function disconnectedClients(
  cluster: NatsCluster,
  stack: Stack,
  own: Record<string, NatsConnection>,
): Promise<string[]> {
  const names = await connectionNames(cluster);
  const gone = Object.entries(own)
    .filter(([name, nc]) => nc.isClosed() || !names.has(name))
    .map(([name]) => name);
  for (const service of Object.values(stack.services)) {
    const alive = service.process.exitCode === null && service.process.signalCode === null;
    const ready = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (res) => res.ok,
      () => false,
    );
    if (!alive || !ready || !names.has(service.name)) gone.push(service.name);
  }
  return gone;
}
