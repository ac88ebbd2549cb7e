// UNTESTED HERE: the machine this was written on has no Docker engine, so this path never ran.
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
  command: string[];
  /** Log line printed once the server accepts clients. */
  readyLog: string;
}

/**
 * Runs the server in a container via testcontainers (an optional dependency, loaded only here).
 * The host port and data dir stay fixed, so stop + restart (a new container) keeps the data.
 */
export async function startContainerServer(spec: ContainerSpec): Promise<ManagedServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const dataDir = await mkdtemp(join(tmpdir(), `li-bus-${spec.name}-`));
  const forgetDir = removeOnExit(dataDir);
  const port = await freePort();
  const launch = () =>
    new GenericContainer(spec.image)
      .withCommand(spec.command)
      .withExposedPorts({ container: spec.containerPort, host: port })
      .withBindMounts([{ source: dataDir, target: spec.dataTarget }])
      .withWaitStrategy(Wait.forLogMessage(spec.readyLog))
      .start();

  let container: Awaited<ReturnType<typeof launch>> | undefined = await launch();
  const host = container.getHost();
  const stop = async (): Promise<void> => {
    const current = container;
    container = undefined;
    await current?.stop();
  };
  return {
    url: `${spec.scheme}://${host}:${port}`,
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
