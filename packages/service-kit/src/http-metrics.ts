import { subscribe } from 'node:diagnostics_channel';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { HttpApp } from './http-app.ts';

/** `http_server_requests_total` and `http_server_request_duration_seconds` by method, route and status. */
export function registerHttpMetrics(app: HttpApp, registry: Registry): void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_server_requests_total',
    help: 'HTTP requests served',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}

/** LinkedIn's ids in paths (URNs, numbers, upload tokens) become `:id`, so labels stay few. */
export function pathTemplate(path: string): string {
  return (path.split('?')[0] ?? '')
    .split('/')
    .map((segment) => (/^(urn|urn%3A)|^\d+$|^[A-Za-z0-9_-]{20,}$/i.test(segment) ? ':id' : segment))
    .join('/');
}

/**
 * Counts every outgoing undici request (LinkedIn calls: `fetch` and `undici.request` alike) by origin, method,
 * path template and status, from undici's diagnostics channel: no call site has to remember.
 */
export function registerHttpClientMetrics(registry: Registry, name = 'http_client_requests_total'): void {
  const calls = new Counter({
    name,
    help: 'Outgoing HTTP requests (e.g. to LinkedIn) by endpoint and status',
    labelNames: ['origin', 'method', 'endpoint', 'status'],
    registers: [registry],
  });
  subscribe('undici:request:headers', (message) => {
    const { request, response } = message as {
      request: { origin?: string | URL; method?: string; path?: string };
      response: { statusCode?: number };
    };
    calls.inc({
      origin: String(request.origin ?? ''),
      method: request.method ?? '',
      endpoint: pathTemplate(request.path ?? ''),
      status: String(response.statusCode ?? 0),
    });
  });
}
