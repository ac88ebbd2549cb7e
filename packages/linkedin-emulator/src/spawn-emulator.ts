import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface SpawnedEmulator {
  /** `http://127.0.0.1:PORT`, as printed by the emulator's `main.ts`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The emulator in its own Node process (`src/main.ts`, as `pnpm start` runs it), so that a benchmark's client
 * and the stand-in LinkedIn do not share one event loop. `env` adds to the parent's (e.g.
 * `EMULATOR_REDIRECT_URIS`, `PORT`); the port defaults to a free one.
 */
export async function spawnEmulator(env: Record<string, string> = {}): Promise<SpawnedEmulator> {
  const main = fileURLToPath(new URL('./main.ts', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (url) {
      child.stdout.resume();
      return {
        url,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        },
      };
    }
  }
  throw new Error(`emulator exited before listening:\n${output}`);
}
