import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// The testkit's choice of binary (NATS_SERVER_BIN, the fetched 2.15, PATH), refused when older than 2.12.
import { currentNatsServerBin } from '@li-bus/testkit';
import { AUTH_CONF, PASSWORD_ENV } from './nats-auth.ts';
import { repoPath } from './repo-paths.ts';

export interface LocalNats {
  /** `nats://<user>:<password>@127.0.0.1:<port>`: the form NATS_URL takes in the deployments. */
  urlFor(user: string): string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs nats-server (JetStream, temp store) with the project's deploy/nats/auth.conf and random passwords. */
export async function startLocalNats(): Promise<LocalNats> {
  const dir = await mkdtemp(join(tmpdir(), 'li-bus-deploy-nats-'));
  const [port, monitor] = [await freePort(), await freePort()];
  await copyFile(repoPath(AUTH_CONF), join(dir, 'auth.conf'));
  const conf = [
    `listen: 127.0.0.1:${port}`,
    `http: 127.0.0.1:${monitor}`,
    `jetstream { store_dir: "${join(dir, 'js')}" }`,
    'include ./auth.conf',
    '',
  ].join('\n');
  await writeFile(join(dir, 'nats.conf'), conf);
  const passwords = Object.fromEntries(
    Object.entries(PASSWORD_ENV).map(([user]) => [user, `p${randomBytes(12).toString('hex')}`]),
  );
  const env = Object.fromEntries(Object.entries(PASSWORD_ENV).map(([user, name]) => [name, passwords[user]]));
  const output: string[] = [];
  const child: ChildProcess = spawn(currentNatsServerBin(), ['-c', join(dir, 'nats.conf')], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${monitor}/healthz?js-enabled-only=true`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`nats-server did not start with ${AUTH_CONF}:\n${output.join('')}`);
    }
    await sleep(100);
  }
  return {
    urlFor: (user) => `nats://${user}:${passwords[user] ?? 'unknown'}@127.0.0.1:${port}`,
    close,
  };
}
