/**
 * The callback bench's servers each run in a Node process of their own (the gateway, the bare route, the
 * token-keeper stand-in), apart from the client that loads them: a server sharing the client's event loop would
 * pay for parsing its own answers, and a heavier answer (the gateway's page and headers) would cost it more.
 * A child prints one JSON line when it serves; SIGTERM ends it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';

export interface BenchProcess<T> {
  /** What the child printed once ready. */
  ready: T;
  /** The child's CPU time so far (ms), from `/proc`; undefined where there is none (not Linux). */
  cpuMs(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on every Linux build we run on). */
const USER_HZ = 100;

async function processCpuMs(pid: number | undefined): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (!fields) return undefined;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/** Starts `file` with `args`; `nodeArgs` go to Node itself (e.g. `--cpu-prof`). */
export async function spawnBenchProcess<T>(
  file: string,
  args: string[],
  nodeArgs: string[] = [],
): Promise<BenchProcess<T>> {
  const child = spawn(process.execPath, [...nodeArgs, file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const line = output.split('\n').find((l) => l.startsWith('{'));
    if (line && output.includes('\n', output.indexOf(line))) {
      child.stdout.resume();
      return {
        ready: JSON.parse(line) as T,
        cpuMs: () => processCpuMs(child.pid),
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        },
      };
    }
  }
  throw new Error(`${file} exited before serving:\n${output}`);
}

/** In a child: says it serves, and runs `close` then exits on SIGTERM. */
export function serveUntilTerminated(ready: unknown, close: () => Promise<unknown>): void {
  process.once('SIGTERM', () => {
    void close().finally(() => process.exit(0));
  });
  console.log(JSON.stringify(ready));
}
