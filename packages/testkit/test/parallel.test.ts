import { describe, expect, it } from 'vitest';
import { isPortOpen, startNats, startRedis } from '../src/index.ts';

describe('parallel servers', () => {
  it('get different ports and are all reachable', async () => {
    const servers = await Promise.all([startNats(), startNats(), startRedis(), startRedis()]);
    try {
      const ports = servers.map((server) => server.port);
      expect(new Set(ports).size).toBe(ports.length);
      for (const port of ports) expect(await isPortOpen('127.0.0.1', port)).toBe(true);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
    for (const server of servers) expect(await isPortOpen('127.0.0.1', server.port)).toBe(false);
  });
});
