import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, isPortOpen, spawnNatsServer, spawnRedisServer } from '../src/index.ts';

describe('spawnNatsServer / spawnRedisServer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'li-bus-testkit-spawn-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs on a fixed port with a log file, and stops', async () => {
    const natsPort = await freePort();
    const redisPort = await freePort();
    const natsLog = join(dir, 'nats.log');
    const redisLog = join(dir, 'redis.log');
    const nats = await spawnNatsServer({ port: natsPort, dataDir: join(dir, 'nats'), logFile: natsLog });
    const redis = await spawnRedisServer({
      port: redisPort,
      dataDir: dir,
      appendOnly: true,
      logFile: redisLog,
    });
    expect(await isPortOpen('127.0.0.1', natsPort)).toBe(true);
    expect(await isPortOpen('127.0.0.1', redisPort)).toBe(true);
    await Promise.all([nats.stop(), redis.stop()]);
    expect(await isPortOpen('127.0.0.1', natsPort)).toBe(false);
    expect(await isPortOpen('127.0.0.1', redisPort)).toBe(false);
    expect(await readFile(natsLog, 'utf8')).toContain('Server is ready');
    expect(await readFile(redisLog, 'utf8')).toContain('Ready to accept connections');
  });

  it('rejects with the server output tail when redis-server cannot start', async () => {
    const dataDir = join(dir, 'missing', 'dir');
    await expect(spawnRedisServer({ port: await freePort(), dataDir })).rejects.toThrow(
      /redis-server .*exited early[\s\S]*output tail[\s\S]*(No such file|chdir|Can't)/i,
    );
  });

  it('rejects when the port is taken by another nats-server', async () => {
    const port = await freePort();
    const first = await spawnNatsServer({ port, dataDir: dir, jetstream: false });
    try {
      await expect(spawnNatsServer({ port, dataDir: dir, jetstream: false })).rejects.toThrow(
        /address already in use/i,
      );
    } finally {
      await first.stop();
    }
    expect(first.process.exitCode !== null || first.process.signalCode !== null).toBe(true);
  });
});
