import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { isPortOpen } from './is-port-open.ts';

const DEFAULT_SOCKET = '/var/run/docker.sock';

function pingSocket(socketPath: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** True when a Docker engine answers, via DOCKER_HOST or the default socket. */
export async function isDockerAvailable(timeoutMs = 1_000): Promise<boolean> {
  const dockerHost = process.env['DOCKER_HOST'];
  if (dockerHost !== undefined && dockerHost !== '') {
    if (dockerHost.startsWith('unix://')) return pingSocket(dockerHost.slice('unix://'.length), timeoutMs);
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return isPortOpen(url.hostname, Number(url.port || 2375), timeoutMs);
  }
  return existsSync(DEFAULT_SOCKET) && pingSocket(DEFAULT_SOCKET, timeoutMs);
}
