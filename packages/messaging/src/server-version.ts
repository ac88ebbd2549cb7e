import type { NatsConnection } from '@nats-io/transport-node';

/**
 * The oldest nats-server the services run on, and why: KV per-message TTLs (`allow_msg_ttl`, 2.11) and message
 * schedules (2.12). 2.15 is what the project ships and tests with.
 */
export const MIN_NATS_SERVER_VERSION = '2.12';
export const NATS_SERVER_NEEDS = 'message schedules, per-message TTLs';

/** `[major, minor, patch]` of `2.15.1` (a pre-release suffix such as `-RC.1` is ignored), or undefined. */
export function parseServerVersion(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** True when `version` is `minimum` or newer; an unreadable version is not. */
export function isServerVersionAtLeast(version: string, minimum: string = MIN_NATS_SERVER_VERSION): boolean {
  const found = parseServerVersion(version);
  const wanted = parseServerVersion(minimum);
  if (!found || !wanted) return false;
  for (let i = 0; i < 3; i += 1) {
    if (found[i] !== wanted[i]) return (found[i] ?? 0) > (wanted[i] ?? 0);
  }
  return true;
}

/** The server a service connected to is older than the project needs. */
export class NatsServerTooOldError extends Error {
  readonly code = 'nats_server_too_old';
  readonly version: string;
  readonly server: string;
  constructor(version: string, server: string, minimum: string) {
    super(
      `nats-server ${version || '(version unknown)'} at ${server}: ${minimum} or newer is required (${NATS_SERVER_NEEDS})`,
    );
    this.name = 'NatsServerTooOldError';
    this.version = version;
    this.server = server;
  }
}

/**
 * Throws `NatsServerTooOldError` unless the server `nc` is connected to is `minimum` or newer. The server is named
 * by the host and port it announced (never the credentials of a `NATS_URL`).
 */
export function requireNatsServerVersion(
  nc: { readonly info?: { version: string } | undefined; getServer: NatsConnection['getServer'] },
  minimum: string = MIN_NATS_SERVER_VERSION,
): void {
  const version = nc.info?.version ?? '';
  if (isServerVersionAtLeast(version, minimum)) return;
  const server = nc.getServer();
  throw new NatsServerTooOldError(version, server.includes('://') ? server : `nats://${server}`, minimum);
}
