import type { FastifyInstance } from 'fastify';

export interface Readiness {
  /** Null when ready, else why not (shown on /readyz). */
  check(): string | null;
}

/**
 * `/healthz` (process alive), `/readyz` (can do its work) and, when `metrics` is given, `/metrics` (Prometheus
 * text). Services serve `/metrics` only on their operator app (`createOperatorApp`, on `METRICS_PORT`).
 */
export function registerOpsRoutes(
  app: FastifyInstance,
  deps: { readiness: Readiness; metrics?: () => Promise<string> | string },
): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const reason = deps.readiness.check();
    if (reason) return reply.code(503).send({ status: 'not_ready', reason });
    return { status: 'ready' };
  });
  const metrics = deps.metrics;
  if (!metrics) return;
  app.get('/metrics', async (_request, reply) => {
    reply.type('text/plain; version=0.0.4');
    return await metrics();
  });
}
