import type { FastifyError, FastifyInstance } from 'fastify';
import { LinkedInError, plainError } from './linkedin-errors.ts';

/**
 * Rest.li marks its error answers on the API host (`/rest/*`, `/v2/*`) with `x-restli-protocol-version: 2.0.0`
 * and `x-restli-error-response: true` (a captured 403 in Arisamiga/Linkedin-RSS#5; reference §9.1).
 */
function restliErrorHeaders(url: string): Record<string, string> {
  return /^\/(?:rest|v2)\//.test(url)
    ? { 'x-restli-protocol-version': '2.0.0', 'x-restli-error-response': 'true' }
    : {};
}

/** The one place errors become HTTP answers: LinkedIn bodies as thrown, everything else in the classic shape. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | LinkedInError, request, reply) => {
    void reply.headers(restliErrorHeaders(request.url));
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
    return reply.code(404).headers(restliErrorHeaders(request.url)).send(answer.body);
  });
}
