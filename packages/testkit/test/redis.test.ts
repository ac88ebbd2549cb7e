import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis } from '../src/index.ts';

describe('startRedis', () => {
  it('starts and answers', async () => {
    const server = await startRedis();
    const redis = new Redis(server.url);
    try {
      expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      await redis.set('greeting', 'hello');
      expect(await redis.get('greeting')).toBe('hello');
    } finally {
      redis.disconnect();
      await server.close();
    }
  });

  it('keeps keys across stop and restart with appendOnly', async ({ skip }) => {
    const server = await startRedis({ appendOnly: true });
    try {
      if (server.external) skip('restart needs a testkit-managed server');
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
