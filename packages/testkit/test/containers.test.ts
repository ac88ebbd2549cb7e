// The testcontainers path of startNats/startRedis, against a real engine. Runs where a Docker engine answers
// (CI's container step, deploy/images/ci-check.sh, with the NATS and Redis images built locally and
// TESTKIT_CONTAINER_NETWORK=host); skipped elsewhere, where the local-binary path is the one in use.
import { execFileSync } from 'node:child_process';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { isDockerAvailable } from '../src/docker-available.ts';
import { startNats, startRedis, type ManagedServer } from '../src/index.ts';

const engine = !process.env['NATS_URL'] && !process.env['REDIS_URL'] && (await isDockerAvailable());

/** Images of the running containers that publish or listen on `port` (host network: the command names it). */
const containersServing = (server: ManagedServer): string[] =>
  execFileSync('docker', ['ps', '--format', '{{.Image}} {{.Command}} {{.Ports}}', '--no-trunc'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((line) => line.includes(String(server.port)))
    .map((line) => line.split(' ')[0] ?? '');

describe.skipIf(!engine)('testcontainers path (a Docker engine answers)', () => {
  it('startNats runs nats:2.15-alpine with JetStream on a file store that survives a restart', async () => {
    const server = await startNats();
    try {
      expect(containersServing(server)).toEqual(['nats:2.15-alpine']);
      let nc = await connect({ servers: server.url });
      expect(nc.info?.version).toMatch(/^2\.15\./);
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'containers', subjects: ['containers.>'], storage: StorageType.File });
      await jetstream(nc).publish('containers.one', 'kept');
      await nc.close();

      await server.stop();
      expect(containersServing(server)).toEqual([]);
      await server.restart();

      nc = await connect({ servers: server.url });
      const message = await (await jetstreamManager(nc)).streams.getMessage('containers', { seq: 1 });
      expect(message?.string()).toBe('kept');
      await nc.close();
    } finally {
      await server.close();
    }
  });

  it('startRedis runs redis:7.4.2-alpine whose append-only file survives a restart', async () => {
    const server = await startRedis({ appendOnly: true });
    try {
      expect(containersServing(server)).toEqual(['redis:7.4.2-alpine']);
      const before = new Redis(server.url);
      await before.set('survivor', 'yes');
      await before.quit();

      await server.stop();
      await server.restart();

      const after = new Redis(server.url);
      expect(await after.get('survivor')).toBe('yes');
      await after.quit();
    } finally {
      await server.close();
    }
  });
});
