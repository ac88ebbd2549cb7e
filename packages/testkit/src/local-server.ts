import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit } from './exit-cleanup.ts';
import { freePort } from './free-port.ts';
import type { ManagedServer } from './managed-server.ts';
import type { SpawnedServer } from './spawn-server.ts';

export interface LocalServerSpec {
  /** Used in the temp dir name, e.g. `nats`. */
  name: string;
  /** URL scheme, e.g. `redis`. */
  scheme: string;
  spawn(port: number, dataDir: string): Promise<SpawnedServer>;
}

const PORT_ATTEMPTS = 3;

async function spawnOnFreePort(spec: LocalServerSpec, dataDir: string): Promise<[number, SpawnedServer]> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return [port, await spec.spawn(port, dataDir)];
    } catch (error) {
      // Another process may have taken the port between freePort() and the server's bind.
      const portTaken = error instanceof Error && /address already in use/i.test(error.message);
      if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

/** Runs a server binary on a free port with a fresh temp data dir. */
export async function startLocalServer(spec: LocalServerSpec): Promise<ManagedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `li-bus-${spec.name}-`));
  const forgetDir = removeOnExit(dataDir);
  let port: number;
  let running: SpawnedServer | undefined;
  try {
    [port, running] = await spawnOnFreePort(spec, dataDir);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    forgetDir();
    throw error;
  }
  let closed = false;

  const stop = async (): Promise<void> => {
    const server = running;
    running = undefined;
    await server?.stop();
  };
  const restart = async (): Promise<void> => {
    if (closed) throw new Error(`${spec.name} server on port ${port} is closed; it cannot be restarted`);
    await stop();
    running = await spec.spawn(port, dataDir);
  };
  const close = async (): Promise<void> => {
    closed = true;
    await stop();
    await rm(dataDir, { recursive: true, force: true });
    forgetDir();
  };
  return { url: `${spec.scheme}://127.0.0.1:${port}`, port, external: false, stop, restart, close };
}
