import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MediaFile {
  body: Buffer;
  contentType: string;
  /** Leave out Content-Length (chunked), as some servers do. */
  chunked?: boolean;
}

export interface MediaServer {
  /** `127.0.0.1:PORT`: the publisher under test fetches `https://` URLs to it over plain HTTP. */
  host: string;
  /** Serves `file` at `path`; returns its `https://` URL. */
  add(path: string, file: MediaFile): string;
  readonly hits: string[];
  close(): Promise<void>;
}

/** A local media origin for tests (404 for anything not added). */
export async function startMediaServer(): Promise<MediaServer> {
  const files = new Map<string, MediaFile>();
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const file = files.get(req.url ?? '');
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      ...(file.chunked ? {} : { 'content-length': String(file.body.length) }),
    });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    hits,
    add(path, file) {
      files.set(path, file);
      return `https://${host}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
