import { startContainerServer } from './container-server.ts';
import { isDockerAvailable } from './docker-available.ts';
import { createExternalServer } from './external-server.ts';
import { startLocalServer } from './local-server.ts';
import type { ManagedServer } from './managed-server.ts';
import { spawnNatsServer } from './nats-server.ts';
import { requireCurrentNatsServerAt } from './nats-server-info.ts';

export interface StartNatsOptions {
  /** Default true. */
  jetstream?: boolean;
}

/**
 * A NATS server for tests: `NATS_URL` when set (external), else a container when Docker
 * answers, else a local `nats-server` on a free port with a temp store dir. Whichever it is must be
 * nats-server 2.12 or newer (`NatsServerTooOldError` otherwise): tests never run on an older one unnoticed.
 */
export async function startNats(options: StartNatsOptions = {}): Promise<ManagedServer> {
  const jetstream = options.jetstream ?? true;
  const externalUrl = process.env['NATS_URL'];
  if (externalUrl !== undefined && externalUrl !== '') {
    const external = createExternalServer('NATS_URL', externalUrl, 4222);
    const first = externalUrl.split(',')[0]?.trim() ?? externalUrl;
    const { hostname, host } = new URL(first.includes('://') ? first : `nats://${first}`);
    // The INFO line is read without credentials; the message names host and port only.
    await requireCurrentNatsServerAt(hostname.replace(/^\[|\]$/g, ''), external.port, `NATS_URL (${host})`);
    return external;
  }
  if (await isDockerAvailable()) {
    return startContainerServer({
      name: 'nats',
      scheme: 'nats',
      image: 'nats:2.15-alpine',
      containerPort: 4222,
      dataTarget: '/data',
      command: (port) => (jetstream ? ['-p', String(port), '-js', '-sd', '/data'] : ['-p', String(port)]),
      readyLog: 'Server is ready',
    });
  }
  return startLocalServer({
    name: 'nats',
    scheme: 'nats',
    spawn: (port, dataDir) => spawnNatsServer({ port, dataDir, jetstream }),
  });
}
