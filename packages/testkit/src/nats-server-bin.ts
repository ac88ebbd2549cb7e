import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MIN_NATS_SERVER_VERSION, NatsServerTooOldError, natsVersionAtLeast } from './nats-server-version.ts';

/** Where `scripts/fetch-nats-server.sh` puts nats-server 2.15 (git-ignored). */
export const FETCHED_NATS_SERVER = fileURLToPath(
  new URL('../../../.tools/nats-server-2.15/usr/sbin/nats-server', import.meta.url),
);

const HOW_TO_GET_ONE =
  'run scripts/fetch-nats-server.sh (puts nats-server 2.15 under .tools/; ./dev does it when missing) or set NATS_SERVER_BIN';

/** The nats-server binary to run: `NATS_SERVER_BIN`, else the fetched 2.15 when present, else `nats-server` on PATH. */
export function natsServerBin(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['NATS_SERVER_BIN'];
  if (fromEnv) return fromEnv;
  return existsSync(FETCHED_NATS_SERVER) ? FETCHED_NATS_SERVER : 'nats-server';
}

/** `2.15.1` from `<bin> --version` (`nats-server: v2.15.1`); throws when the binary does not run. */
export function natsServerBinVersion(bin: string): string {
  let output: string;
  try {
    output = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(
      `cannot run ${bin} --version (${(error as Error).message.split('\n')[0]}): ${HOW_TO_GET_ONE}`,
      {
        cause: error,
      },
    );
  }
  return /v?(\d+\.\d+\.\d+\S*)/.exec(output)?.[1] ?? output.trim();
}

const checked = new Map<string, string>();

/**
 * `natsServerBin()` once its version is known to be `MIN_NATS_SERVER_VERSION` or newer (checked once per binary
 * and process); throws `NatsServerTooOldError` naming the binary, its version and how to get a current one.
 */
export function currentNatsServerBin(env: NodeJS.ProcessEnv = process.env): string {
  const bin = natsServerBin(env);
  const version = checked.get(bin) ?? natsServerBinVersion(bin);
  if (!natsVersionAtLeast(version)) {
    throw new NatsServerTooOldError(
      `nats-server ${version} (${bin}) is older than ${MIN_NATS_SERVER_VERSION}, which the services need ` +
        `(message schedules, per-message TTLs): ${HOW_TO_GET_ONE}`,
    );
  }
  checked.set(bin, version);
  return bin;
}

/**
 * For tests of the refusal: a nats-server older than 2.12 (`OLD_NATS_SERVER_BIN`, default Debian bookworm's
 * `/usr/sbin/nats-server` 2.9.10, which `.ci/run` installs), or undefined when there is none here.
 */
export function oldNatsServerBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const bin = env['OLD_NATS_SERVER_BIN'] || '/usr/sbin/nats-server';
  if (!existsSync(bin)) return undefined;
  try {
    return natsVersionAtLeast(natsServerBinVersion(bin)) ? undefined : bin;
  } catch {
    return undefined;
  }
}
