import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPortOpen, spawnNatsServer, spawnRedisServer } from '@li-bus/testkit';

export interface Infrastructure {
  stop(): Promise<void>;
}

const BINARIES = {
  nats: ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'],
  redis: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
};

function hasBinary(kind: keyof typeof BINARIES): boolean {
  const fromPath = (process.env['PATH'] ?? '').split(':').map((dir) => join(dir, `${kind}-server`));
  return [...BINARIES[kind], ...fromPath].some((path) => existsSync(path));
}

function hostPort(url: string, fallbackPort: number): { host: string; port: number } {
  const parsed = new URL(url.split(',')[0] ?? url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port) || fallbackPort };
}

/**
 * Uses NATS and Redis where `NATS_URL`/`REDIS_URL` point; when nothing answers on a local address and the
 * server binaries exist, starts them with data under `dataDir`; otherwise says how to start them.
 */
export async function ensureInfrastructure(
  natsUrl: string,
  redisUrl: string,
  dataDir: string,
  say: (line: string) => void,
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const targets = [
    { kind: 'nats' as const, url: natsUrl, port: 4222 },
    { kind: 'redis' as const, url: redisUrl, port: 6379 },
  ];
  for (const target of targets) {
    const { host, port } = hostPort(target.url, target.port);
    if (await isPortOpen(host, port, 1000)) {
      say(`using ${target.kind} at ${target.url}`);
      continue;
    }
    const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
    if (!local || !hasBinary(target.kind)) {
      throw new Error(
        `nothing answers at ${target.url} and no local ${target.kind}-server to start.\n` +
          `Start one with: docker compose up -d nats redis   (or set ${target.kind === 'nats' ? 'NATS_URL' : 'REDIS_URL'})`,
      );
    }
    const dir = join(dataDir, target.kind);
    const server =
      target.kind === 'nats'
        ? await spawnNatsServer({ port, dataDir: dir, jetstream: true, logFile: join(dataDir, 'nats.log') })
        : await spawnRedisServer({
            port,
            dataDir: dir,
            appendOnly: true,
            logFile: join(dataDir, 'redis.log'),
          });
    say(`started ${target.kind}-server on port ${port} (data in ${dir})`);
    stops.push(() => server.stop());
  }
  return { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) };
}
