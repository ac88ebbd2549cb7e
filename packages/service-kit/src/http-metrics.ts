import { AsyncLocalStorage } from 'node:async_hooks';
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
 * Requests started inside `uncountedHttpRequest` (media fetches to caller-chosen URLs) are left out of
 * `registerHttpClientMetrics`: their origin and path would make a new series per URL. undici creates the
 * request synchronously inside the call, so the async context says who started it.
 */
const uncountedScope = new AsyncLocalStorage<true>();
const uncounted = new WeakSet<object>();
let watchingCreates = false;

export function uncountedHttpRequest<T>(start: () => T): T {
  return uncountedScope.run(true, start);
}

function watchUncounted(): void {
  if (watchingCreates) return;
  watchingCreates = true;
  subscribe('undici:request:create', (message) => {
    if (uncountedScope.getStore()) uncounted.add((message as { request: object }).request);
  });
}

/**
 * Counts every outgoing undici request (LinkedIn calls: `fetch` and `undici.request` alike) by origin, method,
 * path template and status, from undici's diagnostics channel: no call site has to remember. Requests started
 * in `uncountedHttpRequest` are not counted (they have their own, bounded metric).
 */
export function registerHttpClientMetrics(registry: Registry, name = 'http_client_requests_total'): void {
  watchUncounted();
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
    if (uncounted.has(request)) return;
    calls.inc({
      origin: String(request.origin ?? ''),
      method: request.method ?? '',
      endpoint: pathTemplate(request.path ?? ''),
      status: String(response.statusCode ?? 0),
    });
  });
}
