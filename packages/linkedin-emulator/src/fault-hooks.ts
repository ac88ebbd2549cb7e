import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { defaultFaultBody, type Fault } from './faults.ts';
import { isAdminPath } from './request-log.ts';
import type { EmulatorState } from './state.ts';

/**
 * Applies injected faults before anything else runs and records every answer in the request log.
 * `dropResponseAfterCommit` lets the real handler finish, then destroys the socket instead of answering.
 */
export function registerFaultAndLogHooks(app: FastifyInstance, state: EmulatorState): void {
  const applied = new WeakMap<FastifyRequest, Fault>();

  app.addHook('onRequest', async (request, reply) => {
    if (isAdminPath(request.url)) return;
    const fault = state.faults.take(request.method, request.url.split('?')[0] ?? '');
    if (!fault) return;
    applied.set(request, fault);
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.dropResponseAfterCommit || fault.status === undefined) return;
    return reply
      .code(fault.status)
      .send(fault.body === undefined ? defaultFaultBody(fault.status) : fault.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const fault = applied.get(request);
    const dropped = fault?.dropResponseAfterCommit === true;
    const injected = fault !== undefined && !dropped && fault.status !== undefined;
    state.requests.record(request, reply, dropped ? 'dropped' : injected ? 'injected' : undefined);
    if (dropped) request.raw.socket.destroy();
    return payload;
  });
}
