// `./dev start` finding nats-server older than 2.12 at NATS_URL (the machine's own 2.9.10 answers at
// 127.0.0.1:4222 here) starts a current one of its own instead, says so, and gives the services that one: they
// refuse the old one, so the system coming up at all proves they got the new URL.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStartCommand, type StartCommand } from './start-command.ts';
import {
  freePort,
  natsVersionAtLeast,
  oldNatsServerBin,
  readNatsServerVersion,
  spawnNatsServer,
  startRedis,
  type ManagedServer,
  type SpawnedServer,
} from '@li-bus/testkit';

const OLD = oldNatsServerBin() ?? ''; // '' when there is no old server here: skipped

describe.skipIf(OLD === '')('./dev start with an old nats-server at NATS_URL', () => {
  let old: SpawnedServer;
  let oldPort: number;
  let redis: ManagedServer;
  let root: string;
  let start: StartCommand | undefined;
  let output: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dev-start-old-nats-'));
    oldPort = await freePort();
    [old, redis] = await Promise.all([
      spawnNatsServer({ port: oldPort, dataDir: join(root, 'old-nats'), bin: OLD }),
      startRedis(),
    ]);
    start = await runStartCommand(root, { NATS_URL: `nats://127.0.0.1:${oldPort}`, REDIS_URL: redis.url });
    output = start.output;
  });

  afterAll(async () => {
    await start?.stop();
    await Promise.all([old?.stop(), redis?.close()]);
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('says it found the old server and started a current one, with its data under .data/', async () => {
    const line = output.find((text) => text.startsWith('[start] nats-server 2.9.10 answers at'));
    expect(line).toBeDefined();
    const url = /started nats-server \S+ at (nats:\/\/127\.0\.0\.1:(\d+)) instead/.exec(line ?? '');
    expect(url, line).not.toBeNull();
    expect(line).toContain('the services need 2.12 or newer (message schedules, per-message TTLs)');
    expect(line).toContain(`(data in ${join(root, '.data', 'nats')})`);
    const version = await readNatsServerVersion('127.0.0.1', Number(url?.[2]));
    expect(natsVersionAtLeast(version)).toBe(true);
    // The CLI finds the server the services use in .data/dev-stack.env (NATS_URL still wins): the printed
    // commands work as they are.
    const devStack = parseEnv(await readFile(join(root, '.data', 'dev-stack.env'), 'utf8'));
    expect(devStack['NATS_URL']).toBe(url?.[1]);
    expect(devStack['LINKEDIN_API_BASE']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain(
      `  2. Send a post:                 pnpm cli post --connection <connectionId> --text "Hello from the bus"`,
    );
  });
});
