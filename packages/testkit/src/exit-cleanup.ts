import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/**
 * Kills every tracked server process (and removes tracked temp dirs) when this process goes
 * away, so no server outlives its tests. Process-wide by nature: exit hooks belong to the process.
 */
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
let hooksInstalled = false;

function cleanUp(signal: NodeJS.Signals): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

function onSignal(signal: NodeJS.Signals): void {
  // When the app handles the signal itself it shuts down in its own order; the exit hook mops up.
  if (process.listenerCount(signal) > 1) return;
  cleanUp('SIGTERM');
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => cleanUp('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
}

/** Tracks `child` until it exits. */
export function killOnExit(child: ChildProcess): void {
  installHooks();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Removes `dir` when the process exits; call the returned function once it is removed anyway. */
export function removeOnExit(dir: string): () => void {
  installHooks();
  dirs.add(dir);
  return () => dirs.delete(dir);
}
