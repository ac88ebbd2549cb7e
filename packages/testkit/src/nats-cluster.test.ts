import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster, type NatsCluster } from './nats-cluster.ts';
import { waitFor } from './wait-for.ts';

describe('startNatsCluster', () => {
  let cluster: NatsCluster;
  beforeAll(async () => {
    cluster = await startNatsCluster();
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('forms a 3-node cluster with a JetStream meta leader that places an R3 stream on every node', async () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    expect(cluster.url.split(',')).toHaveLength(3);
    const leader = await cluster.metaLeader();
    expect(cluster.nodes).toContain(leader);

    const nc = await connect({ servers: cluster.servers });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 });
      const placed = [info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)];
      expect(placed.sort()).toEqual(['n1', 'n2', 'n3']);
    } finally {
      await nc.close();
    }
  });

  it('a killed node starts again on the same ports and store dir', { timeout: 60_000 }, async () => {
    const node = cluster.node('n2');
    await node.kill();
    expect(node.running).toBe(false);
    await node.start();
    expect(node.running).toBe(true);
    const nc = await connect({ servers: node.url });
    try {
      // Killing the meta leader means an election first: the JetStream API answers once it is over.
      const info = await waitFor(
        async () => (await jetstreamManager(nc, { timeout: 2_000 })).streams.info('R3'),
        {
          timeoutMs: 30_000,
          intervalMs: 200,
        },
      );
      expect(info.config.num_replicas).toBe(3);
      expect(info.cluster?.replicas?.map((r) => r.name)).not.toContain(info.cluster?.leader);
    } finally {
      await nc.close();
    }
  });
});
