// The NATS of `./dev start`: the server at NATS_URL when it is current, else one of its own.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  currentNatsServerBin,
  freePort,
  isPortOpen,
  MIN_NATS_SERVER_VERSION,
  natsServerBinVersion,
  natsVersionAtLeast,
  readNatsServerVersion,
  spawnNatsServer,
} from '@li-bus/testkit';
import { withoutCredentials } from './without-credentials.ts';

export interface DevNats {
  /** The URL the services and the CLI must use: NATS_URL, or the start command's own server. */
  url: string;
  stop: () => Promise<void>;
}

const NEEDS = `the services need ${MIN_NATS_SERVER_VERSION} or newer (message schedules, per-message TTLs)`;

/** Starts the current nats-server (JetStream, data in `<dataDir>/nats`) on `port`. */
async function startOwn(
  port: number,
  dataDir: string,
): Promise<{ version: string; dir: string; stop: () => Promise<void> }> {
  let bin: string;
  try {
    bin = currentNatsServerBin();
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\n(or run a current server yourself: docker compose up -d nats redis, and set NATS_URL)`,
      { cause: error },
    );
  }
  const dir = join(dataDir, 'nats');
  await mkdir(dir, { recursive: true }); // nats-server creates the store dir, not the log file's
  const server = await spawnNatsServer({
    port,
    dataDir: dir,
    jetstream: true,
    logFile: join(dataDir, 'nats.log'),
    bin,
  });
  return { version: natsServerBinVersion(bin), dir, stop: () => server.stop() };
}

/**
 * `natsUrl` when a nats-server 2.12+ answers there (or something whose version cannot be read: it is not ours to
 * judge). When an older one answers, starts a current one on a free port instead and says so; when nothing
 * answers on a local address, starts one there. Throws when nothing answers on another host.
 */
export async function ensureDevNats(
  natsUrl: string,
  target: { host: string; port: number },
  dataDir: string,
  say: (line: string) => void,
): Promise<DevNats> {
  const shown = withoutCredentials(natsUrl);
  if (await isPortOpen(target.host, target.port, 1_000)) {
    const version = await readNatsServerVersion(target.host, target.port).catch(() => undefined);
    if (version === undefined || natsVersionAtLeast(version)) {
      say(`using nats at ${shown} (nats-server ${version ?? 'version unknown'})`);
      return { url: natsUrl, stop: async () => {} };
    }
    const port = await freePort();
    const own = await startOwn(port, dataDir);
    const url = `nats://127.0.0.1:${port}`;
    say(
      `nats-server ${version} answers at ${shown}, but ${NEEDS}: started nats-server ${own.version} at ${url} ` +
        `instead (data in ${own.dir}); the services use it (for the CLI: NATS_URL=${url})`,
    );
    return { url, stop: own.stop };
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(target.host)) {
    throw new Error(
      `nothing answers at ${shown} and it is not a local address.\n` +
        'Start one with: docker compose up -d nats redis   (or set NATS_URL)',
    );
  }
  const own = await startOwn(target.port, dataDir);
  say(`started nats-server ${own.version} on port ${target.port} (data in ${own.dir})`);
  return { url: natsUrl, stop: own.stop };
}
