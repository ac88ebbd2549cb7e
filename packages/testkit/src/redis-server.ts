import { Redis } from 'ioredis';
import { spawnServer, type SpawnedServer } from './spawn-server.ts';

export interface SpawnRedisServerOptions {
  port: number;
  dataDir: string;
  /** Default false. */
  appendOnly?: boolean;
  logFile?: string;
}

const HOST = '127.0.0.1';

/** True when PING answers PONG (not LOADING or a refused connection). */
async function pongs(port: number): Promise<boolean> {
  const redis = new Redis({
    host: HOST,
    port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Arguments for `redis-server`, bound to 127.0.0.1, no RDB snapshots. */
export function redisServerArgs(options: SpawnRedisServerOptions): string[] {
  const args = ['--port', String(options.port), '--bind', HOST, '--save', ''];
  args.push('--appendonly', options.appendOnly === true ? 'yes' : 'no', '--dir', options.dataDir);
  if (options.logFile !== undefined) args.push('--logfile', options.logFile);
  return args;
}

/** Spawns `redis-server` and resolves when PING answers PONG. */
export async function spawnRedisServer(options: SpawnRedisServerOptions): Promise<SpawnedServer> {
  return spawnServer({
    name: 'redis-server',
    command: process.env['REDIS_SERVER_BIN'] ?? 'redis-server',
    args: redisServerArgs(options),
    logFile: options.logFile,
    probe: () => pongs(options.port),
  });
}
