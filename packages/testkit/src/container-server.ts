// Runs in CI against a real engine (deploy/images/ci-check.sh, packages/testkit/test/containers.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit } from './exit-cleanup.ts';
import { freePort } from './free-port.ts';
import type { ManagedServer } from './managed-server.ts';

export interface ContainerSpec {
  name: string;
  scheme: string;
  image: string;
  containerPort: number;
  /** Mount point of the host temp data dir inside the container. */
  dataTarget: string;
  /** The server's arguments, listening on `port`. */
  command: (port: number) => string[];
  /** Log line printed once the server accepts clients. */
  readyLog: string;
}

/**
 * `TESTKIT_CONTAINER_NETWORK=host`: containers share the host's network and the server listens on the free host
 * port itself (engines without a bridge network, like CI's). Otherwise the container port is published on it.
 */
const hostNetwork = () => process.env['TESTKIT_CONTAINER_NETWORK'] === 'host';

/**
 * Runs the server in a container via testcontainers (an optional dependency, loaded only here).
 * The host port and data dir stay fixed, so stop + restart (a new container) keeps the data.
 */
export async function startContainerServer(spec: ContainerSpec): Promise<ManagedServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const dataDir = await mkdtemp(join(tmpdir(), `li-bus-${spec.name}-`));
  const forgetDir = removeOnExit(dataDir);
  const port = await freePort();
  const host = hostNetwork();
  const launch = () => {
    const container = new GenericContainer(spec.image)
      .withBindMounts([{ source: dataDir, target: spec.dataTarget }])
      .withWaitStrategy(Wait.forLogMessage(spec.readyLog));
    return (
      host
        ? container.withNetworkMode('host').withCommand(spec.command(port))
        : container
            .withExposedPorts({ container: spec.containerPort, host: port })
            .withCommand(spec.command(spec.containerPort))
    ).start();
  };

  let container: Awaited<ReturnType<typeof launch>> | undefined = await launch();
  const hostname = host ? '127.0.0.1' : container.getHost();
  const stop = async (): Promise<void> => {
    const current = container;
    container = undefined;
    await current?.stop();
  };
  return {
    url: `${spec.scheme}://${hostname}:${port}`,
    port,
    external: false,
    stop,
    restart: async () => {
      await stop();
      container = await launch();
    },
    close: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
