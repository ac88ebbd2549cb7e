import type { FastifyRequest } from 'fastify';
import { postRequested, SUBJECTS } from '@li-bus/contracts';
import { TokensGetError } from '@li-bus/messaging';
import type { HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { requireApiKey } from '../auth.ts';
import { keyAllowsTenant } from '../api-keys.ts';
import { requestParams } from '../api-schemas.ts';
import { fromTokenKeeper, parse } from './connections-api.ts';

/**
 * `POST /v1/posts`: validates with the contract, checks the caller may act for the connection's tenant, records
 * the request as queued and publishes `post.requested` (`Nats-Msg-Id` = requestId) → 202.
 * `GET /v1/posts/:requestId`: queued / published (URN, URL) / failed (code) for the caller's own requests.
 */
export function registerPostsApi(app: HttpApp, deps: GatewayDeps): void {
  const keys = deps.config.apiKeys;
  const authenticate = async (request: FastifyRequest) => void requireApiKey(request, keys);

  app.post('/v1/posts', { onRequest: authenticate }, async (request, reply) => {
    const command = parse(postRequested, request.body);
    const key = requireApiKey(request, keys);
    const view = await deps.tokenKeeper.status(command.connectionId).catch((error: unknown) => {
      if (error instanceof TokensGetError && error.code === 'not_found') {
        throw new HttpError(404, 'connection_not_found', 'no such connection');
      }
      return fromTokenKeeper(error);
    });
    if (!keyAllowsTenant(key, view.tenantId))
      throw new HttpError(404, 'connection_not_found', 'no such connection');
    const existing = await deps.posts.get(command.requestId);
    if (existing && existing.tenantId !== view.tenantId) {
      throw new HttpError(409, 'request_id_conflict', 'this requestId is already used');
    }
    await deps.posts.recordQueued({
      requestId: command.requestId,
      connectionId: command.connectionId,
      tenantId: view.tenantId,
      status: 'queued',
      queuedAt: new Date(deps.now()).toISOString(),
    });
    // Published again on a repeated request: the stream drops the duplicate by its msgID.
    await deps.events.publish(SUBJECTS.postRequested, command);
    const current = await deps.posts.get(command.requestId);
    return reply
      .code(202)
      .send(current ? withoutTenant(current) : { requestId: command.requestId, status: 'queued' });
  });

  app.get('/v1/posts/:requestId', { onRequest: authenticate }, async (request) => {
    const { requestId } = parse(requestParams, request.params);
    const record = await deps.posts.get(requestId);
    if (!record || !keyAllowsTenant(requireApiKey(request, keys), record.tenantId)) {
      throw new HttpError(404, 'not_found', 'no such post request');
    }
    return withoutTenant(record);
  });
}

function withoutTenant<T extends { tenantId: string }>(record: T): Omit<T, 'tenantId'> {
  const { tenantId: _tenantId, ...rest } = record;
  return rest;
}
