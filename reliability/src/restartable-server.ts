// A nats-server (JetStream, file store) or redis-server of a scenario's own, on a fixed port and data dir, that
// can be stopped with any signal (SIGTERM for a restart, SIGKILL for a crash) and started again on the same data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnNatsServer, spawnRedisServer, type SpawnedServer } from '@li-bus/testkit';

export interface RestartableServer {
  url: string;
  port: number;
  dataDir: string;
  /** Sends `signal` and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data dir; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it (SIGTERM) and removes the data dir. */
  close(): Promise<void>;
}

export type ServerKind = 'nats' | 'redis';

export async function startRestartableServer(kind: ServerKind): Promise<RestartableServer> {
  const dataDir = await mkdtemp(join(tmpdir(), `li-bus-reliability-${kind}-`));
  const port = await freePort();
  const spawn = () =>
    kind === 'nats'
      ? spawnNatsServer({ port, dataDir, jetstream: true })
      : spawnRedisServer({ port, dataDir, appendOnly: true });
  let running: SpawnedServer | undefined;
  try {
    running = await spawn();
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const kill = async (signal: NodeJS.Signals) => {
    const child = running?.process;
    running = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url: `${kind}://127.0.0.1:${port}`,
    port,
    dataDir,
    kill,
    async start() {
      if (running) throw new Error(`${kind} server on ${port} is already running`);
      running = await spawn();
    },
    async close() {
      await running?.stop();
      running = undefined;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
