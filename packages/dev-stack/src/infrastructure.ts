import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPortOpen, spawnRedisServer } from '@li-bus/testkit';
import { ensureDevNats } from './local-nats.ts';
import { withoutCredentials } from './without-credentials.ts';

export interface Infrastructure {
  /** The NATS URL actually used: `NATS_URL`, or the start command's own server when that one is too old. */
  natsUrl: string;
  stop(): Promise<void>;
}

const REDIS_BINARIES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function hasRedisBinary(): boolean {
  const fromPath = (process.env['PATH'] ?? '').split(':').map((dir) => join(dir, 'redis-server'));
  return [...REDIS_BINARIES, ...fromPath].some((path) => existsSync(path));
}

function hostPort(url: string, fallbackPort: number): { host: string; port: number } {
  const parsed = new URL(url.split(',')[0] ?? url);
  const host = parsed.hostname.replace(/^\[|\]$/g, ''); // `[::1]` → `::1`
  return { host: host || '127.0.0.1', port: Number(parsed.port) || fallbackPort };
}

/**
 * Uses NATS and Redis where `NATS_URL`/`REDIS_URL` point; when nothing answers on a local address and the
 * server binaries exist, starts them with data under `dataDir`; otherwise says how to start them. A nats-server
 * older than 2.12 at `NATS_URL` is replaced by one of its own on a free port (`natsUrl` of the result).
 */
export async function ensureInfrastructure(
  natsUrl: string,
  redisUrl: string,
  dataDir: string,
  say: (line: string) => void,
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const nats = await ensureDevNats(natsUrl, hostPort(natsUrl, 4222), dataDir, say);
  stops.push(() => nats.stop());
  const { host, port } = hostPort(redisUrl, 6379);
  if (await isPortOpen(host, port, 1000)) {
    say(`using redis at ${withoutCredentials(redisUrl)}`);
  } else {
    const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
    if (!local || !hasRedisBinary()) {
      await nats.stop();
      throw new Error(
        `nothing answers at ${withoutCredentials(redisUrl)} and no local redis-server to start.\n` +
          `Start one with: docker compose up -d nats redis   (or set REDIS_URL)`,
      );
    }
    const dir = join(dataDir, 'redis');
    const server = await spawnRedisServer({
      port,
      dataDir: dir,
      appendOnly: true,
      logFile: join(dataDir, 'redis.log'),
    });
    say(`started redis-server on port ${port} (data in ${dir})`);
    stops.push(() => server.stop());
  }
  return { natsUrl: nats.url, stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
}
