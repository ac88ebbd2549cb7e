import { createServer } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { waitFor } from '@li-bus/testkit';
import { createRedisClient } from '../src/redis-client.ts';

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('createRedisClient', () => {
  it('logs connection errors (with the password redacted) and keeps reconnecting', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const port = await closedPort();
    const redis = createRedisClient(`redis://:hunter2-secret@127.0.0.1:${port}`, { logger });
    redis.connect().catch(() => undefined);
    try {
      const logged = await waitFor(() => {
        const errors = lines.filter((line) => line['msg'] === 'redis connection error');
        return errors.length >= 2 ? errors : undefined;
      });
      expect(logged[0]).toMatchObject({ level: 50, component: 'redis' });
      expect(JSON.stringify(lines)).not.toContain('hunter2-secret');
      expect(redis.status).not.toBe('end'); // still trying
    } finally {
      redis.disconnect();
    }
  });
});
