import { readdir, readFile } from 'node:fs/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export interface NatsMemory {
  /** Resident set of the nats-server process (`VmRSS` in /proc), bytes; NaN when not found. */
  rssBytes: number;
  /** What the server reports itself (`/varz` `mem`), bytes; NaN without a monitoring port. */
  varzBytes: number;
}

/**
 * The local `nats-server` listening on `port` (the testkit's: `-p <port> -m <monitor>` on its command line),
 * found through /proc. Linux only; elsewhere, or for a container or external server, the figures are NaN.
 */
async function serverArgs(port: number): Promise<{ pid: string; monitorPort?: string } | undefined> {
  const pids = await readdir('/proc').catch(() => []);
  for (const pid of pids.filter((name) => /^\d+$/.test(name))) {
    const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!argv[0]?.endsWith('nats-server')) continue;
    const at = argv.indexOf('-p');
    if (at < 0 || argv[at + 1] !== String(port)) continue;
    const monitor = argv.indexOf('-m');
    return { pid, ...(monitor >= 0 && argv[monitor + 1] ? { monitorPort: argv[monitor + 1] } : {}) };
  }
  return undefined;
}

export async function natsMemory(port: number): Promise<NatsMemory> {
  const server = await serverArgs(port);
  if (!server) return { rssBytes: NaN, varzBytes: NaN };
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8').catch(() => '');
  const rssKb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  let varzBytes = NaN;
  if (server.monitorPort) {
    const varz = await fetch(`http://127.0.0.1:${server.monitorPort}/varz`)
      .then((r) => r.json() as Promise<{ mem?: number }>)
      .catch(() => ({ mem: undefined }));
    varzBytes = varz.mem ?? NaN;
  }
  return { rssBytes: rssKb * 1024, varzBytes };
}

/** A stream's stored messages and bytes (its file store's size as the server counts it). */
export async function streamState(
  nc: NatsConnection,
  stream: string,
): Promise<{ messages: number; bytes: number }> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  return { messages: info.state.messages, bytes: info.state.bytes };
}
