// The CLI as a process against a test system, and a file's system with one connected member.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { startTestSystem, type TestSystem } from '@li-bus/dev-stack/testing';
import { connectMember } from '@li-bus/dev-stack/testing/connect';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs `pnpm cli <args>` on the system's NATS: its exit code and what it printed. */
export async function cli(system: TestSystem, ...args: string[]) {
  return cliOn(system.nats.url, ...args);
}

/** Runs `pnpm cli <args>` on the NATS server at `natsUrl` (a bare bus, for commands that need no services). */
export async function cliOn(natsUrl: string, ...args: string[]) {
  return run(process.execPath, [main, ...args], { env: { ...process.env, NATS_URL: natsUrl } }).then(
    (result) => ({ code: 0, stdout: result.stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

/** A test system for the file, with the emulator's default member connected; read it inside a test. */
export function useConnectedSystem(): () => { system: TestSystem; connectionId: string } {
  let current: { system: TestSystem; connectionId: string } | undefined;
  beforeAll(async () => {
    const system = await startTestSystem();
    const connectionId = (await connectMember(system.gatewayUrl)).searchParams.get('connectionId') ?? '';
    current = { system, connectionId };
  });
  afterAll(async () => {
    await current?.system.close();
  });
  return () => {
    if (!current) throw new Error('the test system did not start');
    return current;
  };
}
