import type { FastifyInstance, FastifyRequest } from 'fastify';
import { plainError } from './linkedin-errors.ts';

/** Query strings are limited to 4 KB and URLs to 8 KB (reference §9.4); tunnelled queries are capped here. */
const MAX_TUNNELLED_QUERY_BYTES = 1024 * 1024;

/** Headers of the tunnelling POST that do not belong to the GET it stands for. */
const DROPPED = new Set([
  'content-type',
  'content-length',
  'transfer-encoding',
  'x-http-method-override',
  'host',
]);

async function readText(request: FastifyRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_TUNNELLED_QUERY_BYTES) throw plainError(413, 'Tunnelled query too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (DROPPED.has(name) || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Rest.li query tunnelling (reference §9.6, MS-Learn query-tunneling): `POST` with `X-HTTP-Method-Override: GET`
 * and the query string as an `application/x-www-form-urlencoded` body is answered exactly as the `GET` with that
 * query, on any `/rest/*` path. The official JavaScript client does this past 4,000 characters of query. The
 * body is read as is, so `List(…)` keys keep their Rest.li encoding. Other override values, and the
 * `multipart/mixed` form for calls that also carry a JSON body, are not emulated (400).
 */
export function registerQueryTunnel(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const override = request.headers['x-http-method-override'];
    if (request.method !== 'POST' || override === undefined || !request.url.startsWith('/rest/')) return;
    if (String(override).toUpperCase() !== 'GET') {
      throw plainError(400, `X-HTTP-Method-Override: ${String(override)} is not supported; use GET`);
    }
    const type = String(request.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim();
    if (type !== 'application/x-www-form-urlencoded') {
      throw plainError(400, 'A tunnelled query needs Content-Type: application/x-www-form-urlencoded');
    }
    const query = (await readText(request)).trim();
    const path = request.url.split('?')[0] ?? '';
    const answer = await app.inject({
      method: 'GET',
      url: query === '' ? path : `${path}?${query}`,
      headers: forwardedHeaders(request),
    });
    const headers = { ...answer.headers };
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    delete headers['connection'];
    delete headers['date'];
    return reply.code(answer.statusCode).headers(headers).send(answer.rawPayload);
  });
}
