import type { FastifyInstance } from 'fastify';

export interface Readiness {
  /** Null when ready, else why not (shown on /readyz). */
  check(): string | null;
}

/** `/healthz` (process alive), `/readyz` (can do its work), `/metrics` (Prometheus text). */
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
  app.get('/metrics', async (_request, reply) => {
    reply.type('text/plain; version=0.0.4');
    return deps.metrics ? await deps.metrics() : '';
  });
}
