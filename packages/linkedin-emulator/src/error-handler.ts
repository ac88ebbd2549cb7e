import type { FastifyError, FastifyInstance } from 'fastify';
import { LinkedInError, plainError } from './linkedin-errors.ts';

/** The one place errors become HTTP answers: LinkedIn bodies as thrown, everything else in the classic shape. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | LinkedInError, request, reply) => {
    if (error instanceof LinkedInError) {
      return reply.code(error.status).headers(error.headers).send(error.body);
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'emulator handler failed');
    const answer = plainError(status, status >= 500 ? 'Internal Server Error' : error.message);
    return reply.code(answer.status).send(answer.body);
  });

  app.setNotFoundHandler((request, reply) => {
    const answer = plainError(
      404,
      `No resource found for ${request.method} ${request.url.split('?')[0] ?? ''}`,
    );
    return reply.code(404).send(answer.body);
  });
}
