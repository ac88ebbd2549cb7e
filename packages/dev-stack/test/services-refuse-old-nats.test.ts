// Each service checks the nats-server version once at start and exits, with a message saying what it needs and
// why, when the server is older than 2.12 (here: Debian bookworm's nats-server 2.9.10, run on a free port).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeySpec } from '@li-bus/sealing';
import { freePort, oldNatsServerBin, spawnNatsServer, type SpawnedServer } from '@li-bus/testkit';
import { spawnService } from '../src/service-process.ts';
import { SERVICE_NAMES, serviceEnv, type StackOptions } from '../src/stack.ts';

const OLD = oldNatsServerBin() ?? ''; // '' when there is no old server here: skipped

describe.skipIf(OLD === '')('a service started against nats-server older than 2.12', () => {
  let old: SpawnedServer;
  let dir: string;
  let natsPort: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dev-stack-old-nats-'));
    natsPort = await freePort();
    old = await spawnNatsServer({ port: natsPort, dataDir: dir, bin: OLD });
  });
  afterAll(async () => {
    await old?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits before it is ready, naming the server version, the address and what it needs', async () => {
    const options: StackOptions = {
      // Credentials in NATS_URL (as in the deployments) must not reach the message.
      natsUrl: `nats://someone:do-not-print-me@127.0.0.1:${natsPort}`,
      redisUrl: 'redis://127.0.0.1:1',
      linkedin: {
        authBase: 'http://127.0.0.1:9',
        apiBase: 'http://127.0.0.1:9',
        clientId: 'c',
        clientSecret: 's',
      },
      ports: { 'auth-gateway': 0, 'token-keeper': 0, publisher: 0 },
      publicOrigin: 'http://127.0.0.1:8080',
      tokenEncryptionKeys: generateKeySpec('old-nats'),
      gatewayApiKeys: 'old-nats-key-0123456789abcdef:tenant-a',
    };
    const outcomes = await Promise.allSettled(
      SERVICE_NAMES.map(async (name) =>
        spawnService({
          name,
          port: await freePort(),
          env: serviceEnv(options, name),
          readyTimeoutMs: 20_000,
        }),
      ),
    );
    for (const [i, outcome] of outcomes.entries()) {
      const name = SERVICE_NAMES[i];
      expect(outcome.status, name).toBe('rejected');
      const message = outcome.status === 'rejected' ? String((outcome.reason as Error).message) : '';
      expect(message, name).toContain(`${name}: exited (1) before ready`);
      expect(message, name).toContain(
        `nats-server 2.9.10 at nats://127.0.0.1:${natsPort}: 2.12 or newer is required (message schedules, per-message TTLs)`,
      );
      expect(message, name).not.toContain('do-not-print-me');
    }
  });
});
