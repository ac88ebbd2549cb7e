import { afterEach, describe, expect, it, vi } from 'vitest';
import { startNats, startRedis } from '../src/index.ts';

describe('env overrides', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('returns external servers for NATS_URL and REDIS_URL without starting anything', async () => {
    vi.stubEnv('NATS_URL', 'nats://127.0.0.1:1');
    vi.stubEnv('REDIS_URL', 'redis://127.0.0.1:2');
    const nats = await startNats();
    const redis = await startRedis();
    expect(nats).toMatchObject({ url: 'nats://127.0.0.1:1', port: 1, external: true });
    expect(redis).toMatchObject({ url: 'redis://127.0.0.1:2', port: 2, external: true });
    await expect(redis.restart()).rejects.toThrow(/testkit-managed/);
  });
});
