import { startContainerServer } from './container-server.ts';
import { isDockerAvailable } from './docker-available.ts';
import { createExternalServer } from './external-server.ts';
import { startLocalServer } from './local-server.ts';
import type { ManagedServer } from './managed-server.ts';
import { spawnRedisServer } from './redis-server.ts';

export interface StartRedisOptions {
  /** Default false. */
  appendOnly?: boolean;
}

/**
 * A Redis server for tests: `REDIS_URL` when set (external), else a container when Docker
 * answers, else a local `redis-server` on a free port with a temp dir and no RDB snapshots.
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<ManagedServer> {
  const appendOnly = options.appendOnly ?? false;
  const externalUrl = process.env['REDIS_URL'];
  if (externalUrl !== undefined && externalUrl !== '')
    return createExternalServer('REDIS_URL', externalUrl, 6379);
  if (await isDockerAvailable()) {
    return startContainerServer({
      name: 'redis',
      scheme: 'redis',
      image: 'redis:7.4.2-alpine', // as docker-compose.yml names it
      containerPort: 6379,
      dataTarget: '/data',
      command: (port) => [
        'redis-server',
        ...[
          '--port',
          String(port),
          '--save',
          '',
          '--appendonly',
          appendOnly ? 'yes' : 'no',
          '--dir',
          '/data',
        ],
      ],
      readyLog: 'Ready to accept connections',
    });
  }
  return startLocalServer({
    name: 'redis',
    scheme: 'redis',
    spawn: (port, dataDir) => spawnRedisServer({ port, dataDir, appendOnly }),
  });
}
