import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOnExit } from './exit-cleanup.ts';
import { freePort } from './free-port.ts';
import { currentNatsServerBin } from './nats-server-bin.ts';
import { spawnServer, stopChild, type SpawnedServer } from './spawn-server.ts';
import { waitFor } from './wait-for.ts';

export interface NatsClusterOptions {
  /** Number of nodes (default 3). */
  size?: number;
  /** Lines added inside every node's `jetstream {}` block, e.g. `sync_interval: always`. */
  jetstreamConfig?: string;
  /** How long one node may take to answer after (re)start (default 20 s). */
  startTimeoutMs?: number;
}

export interface NatsClusterNode {
  /** The node's `server_name`, which JetStream reports as a stream's or the meta group's leader. */
  name: string;
  port: number;
  clusterPort: number;
  monitorPort: number;
  storeDir: string;
  /** `nats://127.0.0.1:<port>` */
  url: string;
  readonly running: boolean;
  /** Sends `signal` (default SIGKILL, a crash) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the node again on the same ports and store dir; resolves when it answers with JetStream on. */
  start(): Promise<void>;
}

export interface NatsCluster {
  nodes: NatsClusterNode[];
  /** Every node's client URL, comma-separated: the form `NATS_URL` takes. */
  url: string;
  servers: string[];
  node(name: string): NatsClusterNode;
  /** The JetStream meta leader as a running node reports it (waits until a running node is named). */
  metaLeader(timeoutMs?: number): Promise<NatsClusterNode>;
  /** Stops every node and removes the store dirs. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const CLUSTER_NAME = 'li-bus-test';

interface NodePorts {
  name: string;
  port: number;
  clusterPort: number;
  monitorPort: number;
}

function nodeConfig(node: NodePorts, all: NodePorts[], storeDir: string, jetstreamConfig: string): string {
  const routes = all.filter((n) => n !== node).map((n) => `nats://${HOST}:${n.clusterPort}`);
  return [
    `server_name: ${node.name}`,
    `listen: "${HOST}:${node.port}"`,
    `http: "${HOST}:${node.monitorPort}"`,
    `jetstream {`,
    `  store_dir: "${storeDir}"`,
    ...(jetstreamConfig ? [`  ${jetstreamConfig}`] : []),
    `}`,
    `cluster {`,
    `  name: ${CLUSTER_NAME}`,
    `  listen: "${HOST}:${node.clusterPort}"`,
    `  routes: [${routes.map((r) => `"${r}"`).join(', ')}]`,
    `}`,
    '',
  ].join('\n');
}

async function monitor<T>(node: NodePorts, path: string): Promise<T | undefined> {
  try {
    const res = await fetch(`http://${HOST}:${node.monitorPort}${path}`, {
      signal: AbortSignal.timeout(1_000),
    });
    return res.ok ? ((await res.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A NATS cluster of local `nats-server` processes on free ports, JetStream on file storage, each node with its
 * own store dir and a config file naming the others as routes. Nodes can be killed and started again on the
 * same ports and store dir. Resolves once every node answers and a JetStream meta leader is elected.
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const size = options.size ?? 3;
  const bin = currentNatsServerBin();
  const baseDir = await mkdtemp(join(tmpdir(), 'nats-cluster-'));
  const forget = removeOnExit(baseDir);
  const ports: NodePorts[] = [];
  for (let i = 1; i <= size; i++) {
    ports.push({
      name: `n${i}`,
      port: await freePort(),
      clusterPort: await freePort(),
      monitorPort: await freePort(),
    });
  }

  const nodes = ports.map((p): NatsClusterNode => {
    const storeDir = join(baseDir, p.name);
    const configFile = join(baseDir, `${p.name}.conf`);
    const logFile = join(baseDir, `${p.name}.log`);
    let server: SpawnedServer | undefined;
    const running = () =>
      server !== undefined && server.process.exitCode === null && server.process.signalCode === null;
    return {
      ...p,
      storeDir,
      url: `nats://${HOST}:${p.port}`,
      get running() {
        return running();
      },
      async kill(signal = 'SIGKILL') {
        if (!server || !running()) return;
        const child = server.process;
        if (signal === 'SIGTERM') return stopChild(child);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      },
      async start() {
        if (running()) return;
        await mkdir(storeDir, { recursive: true });
        await writeFile(configFile, nodeConfig(p, ports, storeDir, options.jetstreamConfig ?? ''));
        server = await spawnServer({
          name: `nats-server ${p.name}`,
          command: bin,
          args: ['-c', configFile, '-l', logFile],
          logFile,
          startTimeoutMs: options.startTimeoutMs ?? 20_000,
          probe: async () => (await monitor(p, '/healthz?js-enabled-only=true')) !== undefined,
        });
      },
    };
  });

  const cluster: NatsCluster = {
    nodes,
    servers: nodes.map((n) => n.url),
    url: nodes.map((n) => n.url).join(','),
    node(name) {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node named ${name} (known: ${nodes.map((n) => n.name).join(', ')})`);
      return found;
    },
    async metaLeader(timeoutMs = 20_000) {
      const leader = await waitFor(
        async () => {
          for (const node of nodes.filter((n) => n.running)) {
            const jsz = await monitor<{ meta_cluster?: { leader?: string } }>(node, '/jsz');
            const name = jsz?.meta_cluster?.leader;
            const leader = nodes.find((n) => n.name === name && n.running);
            if (leader) return leader;
          }
          return undefined;
        },
        { timeoutMs, intervalMs: 100, message: `no JetStream meta leader within ${timeoutMs} ms` },
      );
      return leader;
    },
    async close() {
      await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
      await rm(baseDir, { recursive: true, force: true });
      forget();
    },
  };

  try {
    await Promise.all(nodes.map((n) => n.start()));
    await cluster.metaLeader();
  } catch (error) {
    await cluster.close();
    throw error;
  }
  return cluster;
}
