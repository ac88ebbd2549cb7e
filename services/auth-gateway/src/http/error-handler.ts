import type { FastifyError } from 'fastify';
import type { HttpApp } from '@li-bus/service-kit';
import { HttpError } from './errors.ts';

/** The one place errors become HTTP answers: `{ error: { code, message } }`, never a stack or a secret. */
export function registerErrorHandler(app: HttpApp): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .code(error.status)
        .headers(error.headers)
        .send({ error: { code: error.code, message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return reply
        .code(413)
        .send({ error: { code: 'payload_too_large', message: 'request body is too large' } });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'invalid_request', message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal_error', message: 'internal error' } });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: 'no such route' } }),
  );
}
