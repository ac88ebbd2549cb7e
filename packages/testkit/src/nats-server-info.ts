import { connect as tcpConnect } from 'node:net';
import { MIN_NATS_SERVER_VERSION, NatsServerTooOldError, natsVersionAtLeast } from './nats-server-version.ts';

/**
 * The version a NATS server announces in the `INFO` line it sends first on every connection: read without
 * authenticating (a server with users answers too), then the socket is closed. Rejects when nothing answers
 * with an `INFO` line within `timeoutMs`.
 */
export function readNatsServerVersion(host: string, port: number, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host, port });
    let received = '';
    const finish = (error: Error | undefined, version?: string) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(version ?? '');
    };
    socket.setTimeout(timeoutMs, () =>
      finish(new Error(`no INFO from ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.once('error', (error) => finish(error));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\r\n');
      if (end === -1) return;
      const line = received.slice(0, end);
      if (!line.startsWith('INFO ')) return finish(new Error(`${host}:${port} is not a NATS server`));
      try {
        const info = JSON.parse(line.slice(5)) as { version?: unknown };
        finish(undefined, typeof info.version === 'string' ? info.version : '');
      } catch (error) {
        finish(error as Error);
      }
    });
  });
}

/** Throws `NatsServerTooOldError` when the server at `host:port` (named `label` in the message) is too old. */
export async function requireCurrentNatsServerAt(host: string, port: number, label: string): Promise<string> {
  const version = await readNatsServerVersion(host, port);
  if (!natsVersionAtLeast(version)) {
    throw new NatsServerTooOldError(
      `nats-server ${version || '(version unknown)'} at ${label}: ${MIN_NATS_SERVER_VERSION} or newer is required ` +
        `(message schedules, per-message TTLs); point it at a current server or unset it to let the testkit start one`,
    );
  }
  return version;
}
