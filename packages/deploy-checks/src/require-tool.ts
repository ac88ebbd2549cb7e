import { execFileSync } from 'node:child_process';

/** True when `command` runs (e.g. `kubectl version --client`). */
export function hasTool(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a test needing `tool` runs: yes when the tool is there; in CI (CI=true) a missing tool is an error
 * with a clear message (.ci/run installs it); locally the test is skipped.
 */
export function toolAvailable(tool: string, args: string[], install: string): boolean {
  if (hasTool(tool, args)) return true;
  if (process.env['CI'] === 'true') {
    throw new Error(
      `${tool} is required in CI but was not found: install it with \`${install}\` (.ci/run does).`,
    );
  }
  return false;
}
