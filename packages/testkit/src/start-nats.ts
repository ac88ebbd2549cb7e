import { startContainerServer } from './container-server.ts';
import { isDockerAvailable } from './docker-available.ts';
import { createExternalServer } from './external-server.ts';
import { startLocalServer } from './local-server.ts';
import type { ManagedServer } from './managed-server.ts';
import { spawnNatsServer } from './nats-server.ts';

export interface StartNatsOptions {
  /** Default true. */
  jetstream?: boolean;
}

/**
 * A NATS server for tests: `NATS_URL` when set (external), else a container when Docker
 * answers, else a local `nats-server` on a free port with a temp store dir.
 */
export async function startNats(options: StartNatsOptions = {}): Promise<ManagedServer> {
  const jetstream = options.jetstream ?? true;
  const externalUrl = process.env['NATS_URL'];
  if (externalUrl !== undefined && externalUrl !== '')
    return createExternalServer('NATS_URL', externalUrl, 4222);
  if (await isDockerAvailable()) {
    return startContainerServer({
      name: 'nats',
      scheme: 'nats',
      image: 'nats:2.10-alpine',
      containerPort: 4222,
      dataTarget: '/data',
      command: jetstream ? ['-p', '4222', '-js', '-sd', '/data'] : ['-p', '4222'],
      readyLog: 'Server is ready',
    });
  }
  return startLocalServer({
    name: 'nats',
    scheme: 'nats',
    spawn: (port, dataDir) => spawnNatsServer({ port, dataDir, jetstream }),
  });
}
