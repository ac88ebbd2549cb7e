// connectNats is where every service meets its server: one older than 2.12 is refused there, loudly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, oldNatsServerBin, spawnNatsServer, startNats, type SpawnedServer } from '@li-bus/testkit';
import { connectNats, NatsServerTooOldError } from '../src/index.ts';

const OLD = oldNatsServerBin() ?? ''; // '' when there is no old server here: skipped

function capturingLogger() {
  type Line = { level: number; msg: string; version?: string };
  const lines: Line[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  );
  return { logger, lines };
}

describe('connectNats checks the server version once, at connect', () => {
  it('connects to the current server and logs its version', async () => {
    const server = await startNats();
    const { logger, lines } = capturingLogger();
    try {
      const nc = await connectNats({ url: server.url, name: 'version-ok', logger });
      expect(lines.find((line) => line.msg === 'connected to NATS')?.version).toBe(nc.info?.version);
      await nc.close();
    } finally {
      await server.close();
    }
  });

  describe.skipIf(OLD === '')('an older server', () => {
    let old: SpawnedServer;
    let dir: string;
    let port: number;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'messaging-old-nats-'));
      port = await freePort();
      old = await spawnNatsServer({ port, dataDir: dir, bin: OLD });
    });
    afterAll(async () => {
      await old?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('is refused with NatsServerTooOldError, logged as fatal without the credentials of the URL', async () => {
      const { logger, lines } = capturingLogger();
      const connecting = connectNats({
        url: `nats://publisher:pw-not-to-log@127.0.0.1:${port}`,
        name: 'version-old',
        logger,
      });
      await expect(connecting).rejects.toBeInstanceOf(NatsServerTooOldError);
      await expect(connecting).rejects.toThrow(
        `nats-server 2.9.10 at nats://127.0.0.1:${port}: 2.12 or newer is required (message schedules, per-message TTLs)`,
      );
      const fatal = lines.find((line) => line.level === 60);
      expect(fatal?.msg).toContain('nats-server 2.9.10');
      expect(JSON.stringify(lines)).not.toContain('pw-not-to-log');
      expect(lines.some((line) => line.msg === 'connected to NATS')).toBe(false);
    });
  });
});
