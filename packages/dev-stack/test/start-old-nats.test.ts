// `./dev start` finding nats-server older than 2.12 at NATS_URL (the machine's own 2.9.10 answers at
// 127.0.0.1:4222 here) starts a current one of its own instead, says so, and gives the services that one: they
// refuse the old one, so the system coming up at all proves they got the new URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  natsVersionAtLeast,
  oldNatsServerBin,
  readNatsServerVersion,
  spawnNatsServer,
  startRedis,
  waitFor,
  type ManagedServer,
  type SpawnedServer,
} from '@li-bus/testkit';

const START = fileURLToPath(new URL('../src/start.ts', import.meta.url));
const OLD = oldNatsServerBin() ?? ''; // '' when there is no old server here: skipped

describe.skipIf(OLD === '')('./dev start with an old nats-server at NATS_URL', () => {
  let old: SpawnedServer;
  let oldPort: number;
  let redis: ManagedServer;
  let root: string;
  let start: ChildProcess;
  const output: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dev-start-old-nats-'));
    oldPort = await freePort();
    [old, redis] = await Promise.all([
      spawnNatsServer({ port: oldPort, dataDir: join(root, 'old-nats'), bin: OLD }),
      startRedis(),
    ]);
    const [gateway, keeper, publisher, emulator, ...metrics] = await Promise.all(
      Array.from({ length: 7 }, () => freePort()),
    );
    start = spawn(process.execPath, [START, '--root', root], {
      env: {
        PATH: process.env['PATH'] ?? '',
        ...(process.env['NATS_SERVER_BIN'] ? { NATS_SERVER_BIN: process.env['NATS_SERVER_BIN'] } : {}),
        NATS_URL: `nats://127.0.0.1:${oldPort}`,
        REDIS_URL: redis.url,
        LINKEDIN_REDIRECT_URI: `http://127.0.0.1:${gateway}/oauth/linkedin/callback`,
        TOKEN_KEEPER_PORT: String(keeper),
        PUBLISHER_PORT: String(publisher),
        EMULATOR_PORT: String(emulator),
        GATEWAY_METRICS_PORT: String(metrics[0]),
        TOKEN_KEEPER_METRICS_PORT: String(metrics[1]),
        PUBLISHER_METRICS_PORT: String(metrics[2]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [start.stdout, start.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => output.push(line));
    }
    await waitFor(
      () => {
        if (start.exitCode !== null) throw new Error(`start exited (${start.exitCode})`);
        return output.some((line) => line.includes('LinkedIn publishing is up.'));
      },
      { timeoutMs: 50_000, message: 'the start command did not come up' },
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${output.slice(-40).join('\n')}`, { cause: error });
    });
  });

  afterAll(async () => {
    if (start && start.exitCode === null && start.signalCode === null) {
      const exited = once(start, 'exit');
      start.kill('SIGTERM');
      await exited;
    }
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
    // The CLI reads NATS_URL itself: the printed commands name the server the services use.
    expect(output).toContain(
      `  2. Send a post:                 NATS_URL=${url?.[1]} pnpm cli post --connection <connectionId> --text "Hello from the bus"`,
    );
  });
});
