import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { killOnExit } from './exit-cleanup.ts';

export interface SpawnedServer {
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnServerOptions {
  name: string;
  command: string;
  args: string[];
  /** Where the server writes its log, when not to stdout/stderr. */
  logFile?: string | undefined;
  /** One readiness check: true when the server really answers. Must not hang or throw. */
  probe: () => Promise<boolean>;
  startTimeoutMs?: number;
}

const TAIL_CHARS = 4_000;
const KILL_AFTER_MS = 5_000;

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function logTail(output: string[], logFile: string | undefined): Promise<string> {
  let text = output.join('');
  if (logFile !== undefined) {
    text += await readFile(logFile, 'utf8').catch(() => '');
  }
  return text.slice(-TAIL_CHARS).trim() || '(no output)';
}

/** Stops a server: SIGTERM, then SIGKILL if it has not exited after a while. */
export async function stopChild(child: ChildProcess, killAfterMs = KILL_AFTER_MS): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

/** Why the server is not up yet, or undefined while it may still come up. */
function earlyFailure(
  child: ChildProcess,
  spawnError: Error | undefined,
  deadline: number,
): string | undefined {
  if (spawnError !== undefined) return `could not start: ${spawnError.message}`;
  if (child.exitCode !== null || child.signalCode !== null) {
    return `exited early (code ${child.exitCode}, signal ${child.signalCode})`;
  }
  return Date.now() > deadline ? 'not ready in time' : undefined;
}

/**
 * Spawns a server process and resolves once `probe()` returns true. Rejects with the
 * server's output tail when it fails to spawn, exits early or is not ready in time.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<SpawnedServer> {
  const output: string[] = [];
  let outputChars = 0;
  const child = spawn(options.command, options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    outputChars += chunk.length;
    while (output.length > 1 && outputChars > TAIL_CHARS) outputChars -= output.shift()?.length ?? 0;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  killOnExit(child);

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000);
  for (;;) {
    const failure = earlyFailure(child, spawnError, deadline);
    if (failure !== undefined) {
      await stopChild(child, 1_000);
      const tail = await logTail(output, options.logFile);
      throw new Error(`${options.name} (${options.command}) ${failure}\n--- output tail ---\n${tail}`);
    }
    if (await options.probe()) return { process: child, stop: () => stopChild(child) };
    await sleep(50);
  }
}
