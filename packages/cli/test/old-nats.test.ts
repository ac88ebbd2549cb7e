// An old nats-server (the machine's own 2.9, say) would take `post.requested` and never answer it: the CLI
// says what it needs instead of waiting.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, oldNatsServerBin, spawnNatsServer, type SpawnedServer } from '@li-bus/testkit';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const OLD = oldNatsServerBin() ?? ''; // '' when there is no old server here: skipped

describe.skipIf(OLD === '')('cli against nats-server older than 2.12', () => {
  let old: SpawnedServer;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-old-nats-'));
    const port = await freePort();
    old = await spawnNatsServer({ port, dataDir: dir, bin: OLD });
    url = `nats://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await old?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exits 1 at once, naming the version and what it needs, and publishes nothing', async () => {
    const result = await run(
      process.execPath,
      [main, 'post', '--connection', 'conn_x', '--text', 'never sent', '--timeout', '5'],
      { env: { ...process.env, NATS_URL: url } },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /nats-server 2\.9\.\d+ at nats:\/\/127\.0\.0\.1:\d+: 2\.12 or newer is required/,
    );
  });
});
