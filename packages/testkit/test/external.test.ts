import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  freePort,
  NatsServerTooOldError,
  oldNatsServerBin,
  spawnNatsServer,
  startNats,
  startRedis,
  type SpawnedServer,
} from '../src/index.ts';

const OLD = oldNatsServerBin();

async function spawnOn(bin?: string): Promise<{ server: SpawnedServer; url: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'testkit-external-'));
  const port = await freePort();
  const server = await spawnNatsServer({ port, dataDir: dir, ...(bin ? { bin } : {}) });
  return { server, url: `nats://127.0.0.1:${port}`, dir };
}

describe('env overrides', () => {
  let current: Awaited<ReturnType<typeof spawnOn>>;
  beforeAll(async () => {
    current = await spawnOn();
  });
  afterAll(async () => {
    await current?.server.stop();
    if (current) await rm(current.dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('returns external servers for NATS_URL and REDIS_URL without starting anything', async () => {
    vi.stubEnv('NATS_URL', current.url);
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:2');
    const nats = await startNats();
    const redis = await startRedis();
    expect(nats).toMatchObject({ url: current.url, port: Number(new URL(current.url).port), external: true });
    expect(redis).toMatchObject({ url: 'redis://127.0.0.1:2', port: 2, external: true });
    await expect(redis.restart()).rejects.toThrow(/testkit-managed/);
  });

  it.skipIf(OLD === undefined)(
    'refuses a NATS_URL whose server is older than 2.12, naming its version',
    async () => {
      const old = await spawnOn(OLD);
      try {
        const withCredentials = old.url.replace('nats://', 'nats://someone:s3cret-pass@');
        vi.stubEnv('NATS_URL', withCredentials);
        const refused = startNats();
        await expect(refused).rejects.toBeInstanceOf(NatsServerTooOldError);
        await expect(refused).rejects.toThrow(
          `nats-server 2.9.10 at NATS_URL (${new URL(old.url).host}): 2.12 or newer is required`,
        );
        await expect(refused).rejects.not.toThrow(/s3cret-pass/);
      } finally {
        await old.server.stop();
        await rm(old.dir, { recursive: true, force: true });
      }
    },
  );
});
