import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test server answers one path. */
export type DocumentRoute = (response: ServerResponse) => void;

/** A loopback HTTP server serving Client ID Metadata Documents, counting requests per path and connections. */
export interface DocumentServer {
  /** `127.0.0.1:<port>`, as listed in `OAUTH_CLIENT_METADATA_INSECURE_HOSTS`. */
  host: string;
  routes: Map<string, DocumentRoute>;
  requests: Map<string, number>;
  /** TCP connections accepted, whatever came over them. */
  connections(): number;
  close(): Promise<void>;
}

export async function startDocumentServer(): Promise<DocumentServer> {
  const routes = new Map<string, DocumentRoute>();
  const requests = new Map<string, number>();
  let connections = 0;
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const route = routes.get(path);
    if (route) route(response);
    else response.writeHead(404).end();
  });
  server.on('connection', () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    routes,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        // A stalled answer (the slow document) must not hold the close.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON answer with an optional Cache-Control header. */
export function json(body: unknown, cacheControl?: string): DocumentRoute {
  return (response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(cacheControl ? { 'cache-control': cacheControl } : {}),
    });
    response.end(JSON.stringify(body));
  };
}
