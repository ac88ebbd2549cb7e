import { createServer } from 'node:net';

/** Ports handed out recently by this process, so parallel callers never get the same one. */
const recentlyHanded = new Set<number>();
const RECENT_LIMIT = 256;

function askKernelForPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not read the bound port'))));
    });
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await askKernelForPort();
    if (recentlyHanded.has(port)) continue;
    recentlyHanded.add(port);
    if (recentlyHanded.size > RECENT_LIMIT) {
      const oldest = recentlyHanded.values().next().value;
      if (oldest !== undefined) recentlyHanded.delete(oldest);
    }
    return port;
  }
  throw new Error('freePort: no unused port found after 20 attempts');
}
