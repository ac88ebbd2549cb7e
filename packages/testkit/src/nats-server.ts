import { connect } from '@nats-io/transport-node';
import { freePort } from './free-port.ts';
import { currentNatsServerBin } from './nats-server-bin.ts';
import { spawnServer, type SpawnedServer } from './spawn-server.ts';

export interface SpawnNatsServerOptions {
  port: number;
  dataDir: string;
  /** Default true. */
  jetstream?: boolean;
  logFile?: string;
  /** HTTP monitoring port used for the readiness check; default: a free port. */
  monitorPort?: number;
  /**
   * The binary to run, as given (no version check: e.g. an old server a test wants refused). Default:
   * `currentNatsServerBin()` (`NATS_SERVER_BIN`, the fetched 2.15, or PATH), refused when older than 2.12.
   */
  bin?: string;
}

const HOST = '127.0.0.1';

async function healthy(monitorPort: number, jetstream: boolean): Promise<boolean> {
  const query = jetstream ? '?js-enabled-only=true' : '';
  try {
    const res = await fetch(`http://${HOST}:${monitorPort}/healthz${query}`, {
      signal: AbortSignal.timeout(1_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function connects(port: number): Promise<boolean> {
  try {
    const nc = await connect({ servers: `nats://${HOST}:${port}`, reconnect: false, timeout: 1_000 });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

/** Arguments for `nats-server`, bound to 127.0.0.1. */
export function natsServerArgs(options: SpawnNatsServerOptions & { monitorPort: number }): string[] {
  const args = ['-a', HOST, '-p', String(options.port), '-m', String(options.monitorPort)];
  if (options.jetstream ?? true) args.push('-js', '-sd', options.dataDir);
  if (options.logFile !== undefined) args.push('-l', options.logFile);
  return args;
}

/**
 * Spawns `nats-server` and resolves when it answers: `/healthz` is ok (JetStream enabled when asked)
 * and a client connects.
 */
export async function spawnNatsServer(options: SpawnNatsServerOptions): Promise<SpawnedServer> {
  const monitorPort = options.monitorPort ?? (await freePort());
  const jetstream = options.jetstream ?? true;
  return spawnServer({
    name: 'nats-server',
    command: options.bin ?? currentNatsServerBin(),
    args: natsServerArgs({ ...options, monitorPort }),
    logFile: options.logFile,
    probe: async () => (await healthy(monitorPort, jetstream)) && (await connects(options.port)),
  });
}
