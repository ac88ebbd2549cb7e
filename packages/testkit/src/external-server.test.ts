import { describe, expect, it } from 'vitest';
import { createExternalServer } from './external-server.ts';

describe('createExternalServer', () => {
  it('reads the port from the first URL and refuses to stop or restart', async () => {
    const server = createExternalServer('NATS_URL', 'nats://10.0.0.1:4333,nats://10.0.0.2:4333', 4222);
    expect(server).toMatchObject({
      url: 'nats://10.0.0.1:4333,nats://10.0.0.2:4333',
      port: 4333,
      external: true,
    });
    await expect(server.stop()).rejects.toThrow(/restart needs a testkit-managed server/);
    await expect(server.restart()).rejects.toThrow(/unset NATS_URL/);
    await expect(server.close()).resolves.toBeUndefined();
  });

  it('falls back to the default port and accepts host:port without a scheme', () => {
    expect(createExternalServer('REDIS_URL', 'redis://cache', 6379).port).toBe(6379);
    expect(createExternalServer('NATS_URL', 'localhost:4999', 4222).port).toBe(4999);
  });
});
