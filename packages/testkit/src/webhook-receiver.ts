import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** The status of the next answers (the last one of a list repeating). */
  answer: (statuses: number[]) => void;
  close: () => Promise<void>;
}

const flat = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));

/** A webhook endpoint on 127.0.0.1 (node:http) answering scripted statuses. */
export async function startWebhookReceiver(statuses: number[] = [200]): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  let script = [...statuses];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = script.length > 1 ? (script.shift() ?? 200) : (script[0] ?? 200);
      calls.push({ headers: flat(request.headers), body: Buffer.concat(chunks).toString('utf8'), status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    answer: (next) => void (script = [...next]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
