import type { FastifyRequest } from 'fastify';
import { postRequested } from '@li-bus/contracts';
import type { HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { authenticateCaller, callerOf } from '../auth.ts';
import { postStatusQuery, requestParams } from '../api-schemas.ts';
import { acceptPost } from '../posts/accept-post.ts';
import { readPostStatus } from '../posts/read-post-status.ts';
import { parse } from './connections-api.ts';

/**
 * `POST /v1/posts`: validates with the contract (https media only), checks the caller (an API key for the
 * connection's tenant, or an OAuth token bound to the connection with `posts:write`), records the request as
 * queued and publishes `post.requested` under the bus requestId of (tenant, connection, requestId) → 202.
 * `GET /v1/posts/:requestId[?connectionId=]`: queued / published (URN, URL) / failed (code) for the caller's
 * own requests; a requestId of another tenant or connection is unknown.
 */
export function registerPostsApi(app: HttpApp, deps: GatewayDeps): void {
  const authenticate = async (request: FastifyRequest) =>
    void (await authenticateCaller(request, deps, 'api'));

  app.post('/v1/posts', { onRequest: authenticate }, async (request, reply) => {
    const command = parse(postRequested, request.body);
    return reply.code(202).send(await acceptPost(deps, callerOf(request), command));
  });

  app.get('/v1/posts/:requestId', { onRequest: authenticate }, async (request) => {
    const { requestId } = parse(requestParams, request.params);
    const { connectionId } = parse(postStatusQuery, request.query);
    return readPostStatus(deps, callerOf(request), requestId, connectionId);
  });
}
