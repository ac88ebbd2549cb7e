import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import type { Logger } from 'pino';

export type HttpApp = FastifyInstance;

/** A Fastify instance logging through the process's pino logger (its `http` child). */
export function createHttpApp(
  logger: Logger,
  options: Omit<FastifyServerOptions, 'logger' | 'loggerInstance'> = {},
): HttpApp {
  const loggerInstance: FastifyBaseLogger = logger.child({ component: 'http' });
  return Fastify({
    loggerInstance,
    // Request lines are off: URLs carry OAuth codes and states; routes log what matters, redacted.
    logController: new LogController({ disableRequestLogging: true }),
    ...options,
  });
}
