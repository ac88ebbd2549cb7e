import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '@li-bus/testkit';

export type ServiceName = 'auth-gateway' | 'token-keeper' | 'publisher';

export interface ServiceProcess {
  name: ServiceName;
  port: number;
  url: string;
  /** The operator port (`METRICS_PORT`): `/metrics`, `/healthz`, `/readyz`. */
  metricsPort: number;
  /** `http://127.0.0.1:<metricsPort>`: where `/metrics` is (the main port does not serve it). */
  metricsUrl: string;
  /** Every line the process wrote (stdout and stderr), for assertions and failure reports. */
  readonly lines: string[];
  readonly process: ChildProcess;
  /** SIGTERM (graceful, the service drains), then SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>;
  /** Sends a signal without waiting (SIGKILL for crash tests). */
  kill(signal: NodeJS.Signals): void;
  /** Starts the service again with the same environment and waits until it is ready. */
  restart(): Promise<void>;
}

export interface SpawnServiceOptions {
  name: ServiceName;
  port: number;
  /** `METRICS_PORT` of the process; a free port when absent. */
  metricsPort?: number;
  env: Record<string, string>;
  onLine?: (name: ServiceName, line: string) => void;
  readyTimeoutMs?: number;
}

const MAX_LINES = 20_000;
const TELEMETRY_REGISTER = import.meta.resolve('@li-bus/telemetry/register');

export function serviceEntry(name: ServiceName): string {
  return fileURLToPath(new URL(`../../../services/${name}/src/main.ts`, import.meta.url));
}

async function waitReady(
  url: string,
  child: ChildProcess,
  lines: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `exited (${child.exitCode ?? child.signalCode}) before ready:\n${lines.slice(-30).join('\n')}`,
      );
    }
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${lines.slice(-30).join('\n')}`);
}

/** Runs one service as its own Node process (`node services/<name>/src/main.ts`) and waits for `/readyz`. */
export async function spawnService(options: SpawnServiceOptions): Promise<ServiceProcess> {
  const lines: string[] = [];
  const url = `http://127.0.0.1:${options.port}`;
  const metricsPort = options.metricsPort ?? (await freePort());
  let child: ChildProcess;

  async function launch() {
    // Telemetry starts before the app; it exports nothing unless OTEL_* variables ask for it.
    child = spawn(process.execPath, ['--import', TELEMETRY_REGISTER, serviceEntry(options.name)], {
      env: {
        PATH: process.env['PATH'] ?? '',
        OTEL_SERVICE_NAME: options.name,
        ...options.env,
        PORT: String(options.port),
        METRICS_PORT: String(metricsPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        if (lines.length < MAX_LINES) lines.push(line);
        options.onLine?.(options.name, line);
      });
    }
    try {
      await waitReady(url, child, lines, options.readyTimeoutMs ?? 20_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${options.name}: ${(error as Error).message}`, { cause: error });
    }
  }

  async function stop(timeoutMs = 15_000): Promise<number | null> {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    return child.exitCode;
  }

  await launch();
  return {
    name: options.name,
    port: options.port,
    url,
    metricsPort,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    lines,
    get process() {
      return child;
    },
    stop,
    kill: (signal) => child.kill(signal),
    async restart() {
      await stop();
      await launch();
    },
  };
}
