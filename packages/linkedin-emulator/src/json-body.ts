import type { FastifyInstance } from 'fastify';

/**
 * Clients often send `Content-Type: application/json` on every call, DELETE and GET included. An empty body
 * is then "no body", not a 400; non-empty bodies use Fastify's own (prototype-poisoning safe) parser.
 */
export function registerLenientJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') {
      done(null, undefined);
      return;
    }
    void parse(request, text, done);
  });
}
