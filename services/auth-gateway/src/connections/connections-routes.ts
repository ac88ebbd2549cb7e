import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SUBJECTS, type ConnectionView } from '@li-bus/contracts';
import type { HttpApp } from '@li-bus/service-kit';
import { HttpError } from '../http/errors.ts';
import { authenticateCaller, callerOf, requireApiKey, requireTenantAccess } from '../http/caller.ts';
import { authorizeBody, connectionParams, listQuery } from '../http/api-schemas.ts';
import { parse } from '../http/parse.ts';
import type { ConnectionsDeps } from './connections-deps.ts';
import { revokeAtLinkedIn } from './revoke-connection.ts';
import { connectionDetails } from './connection-details.ts';
import { listOwnConnections, ownConnection } from './own-connection.ts';
import { confirmStored, type AwaitedWrite } from '../connect/confirm-stored.ts';

/** Read your writes for the API: not stored within `CONFIRM_TIMEOUT_MS` → 503 (the event is kept and applied later). */
async function storedOrUnavailable(deps: ConnectionsDeps, write: AwaitedWrite): Promise<ConnectionView> {
  return confirmStored(deps, write).catch((cause: unknown) => {
    throw new HttpError(503, 'token_keeper_unavailable', `${write.event} is not stored yet, try again`, {
      cause,
    });
  });
}

export function registerConnections(app: HttpApp, deps: ConnectionsDeps): void {
  const keys = deps.config.apiKeys;
  // The key is checked before the body is read: callers without one learn nothing about the API.
  const authenticate = async (request: FastifyRequest) => void requireApiKey(request, keys);
  // Routes that only backends may call, but that then read the connection the same way as the GET.
  const authenticateApiKeyCaller = async (request: FastifyRequest) => {
    requireApiKey(request, keys);
    await authenticateCaller(request, deps, 'api');
  };

  // `GET /v1/connections/:id` also takes an OAuth access token bound to that connection (connections:read).
  const authenticateCallerHook = async (request: FastifyRequest) =>
    void (await authenticateCaller(request, deps, 'api'));

  /** A connection the caller may see; another tenant's connection is answered like an unknown one (404). */
  const ownConnectionOf = (request: FastifyRequest) =>
    ownConnection(deps, callerOf(request), parse(connectionParams, request.params).connectionId);

  app.post('/v1/connections/authorize', { onRequest: authenticate }, async (request, reply) => {
    const { tenantId, returnTo, kind, organizationUrn } = parse(authorizeBody, request.body);
    requireTenantAccess(request, keys, tenantId);
    if (returnTo !== undefined && !deps.config.returnToAllowlist.includes(returnTo)) {
      throw new HttpError(400, 'invalid_return_to', 'returnTo is not on RETURN_TO_ALLOWLIST');
    }
    if (organizationUrn !== undefined && kind !== 'organization') {
      throw new HttpError(400, 'invalid_request', 'organizationUrn: only for kind "organization"');
    }
    const pending = await deps.sessions.createPending({
      tenantId,
      kind,
      returnTo: returnTo ?? null,
      organizationUrn: organizationUrn ?? null,
    });
    const authorizeUrl = new URL('/oauth/linkedin/start', deps.config.publicOrigin);
    authorizeUrl.searchParams.set('session', pending.id);
    return reply
      .code(201)
      .send({ authorizeUrl: authorizeUrl.toString(), expiresAt: new Date(pending.expiresAt).toISOString() });
  });

  app.get('/v1/connections', { onRequest: authenticateApiKeyCaller }, async (request) => {
    const { tenantId } = parse(listQuery, request.query);
    return { connections: await listOwnConnections(deps, callerOf(request), tenantId) };
  });

  app.get('/v1/connections/:connectionId', { onRequest: authenticateCallerHook }, async (request) =>
    connectionDetails(deps, await ownConnectionOf(request)),
  );

  app.delete(
    '/v1/connections/:connectionId',
    { onRequest: authenticateApiKeyCaller },
    async (request, reply) => {
      const view = await ownConnectionOf(request);
      await revokeAtLinkedIn(deps, view, request.log);
      // Before the event: when the 204 is sent, no OAuth token of this connection works any more.
      await deps.oauth.grants.endConnectionGrants(view.connectionId);
      const revokedAt = new Date(deps.now()).toISOString();
      await deps.events.publish(SUBJECTS.tokenRevoked, {
        eventId: randomUUID(),
        connectionId: view.connectionId,
        revokedAt,
      });
      // The 204 comes once token-keeper has stored `revoked`: a GET right after it answers `revoked`.
      const { connectionId } = view;
      await storedOrUnavailable(deps, { connectionId, event: SUBJECTS.tokenRevoked, version: revokedAt });
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/connections/:connectionId/refresh',
    { onRequest: authenticateApiKeyCaller },
    async (request, reply) => {
      const view = await ownConnectionOf(request);
      if (view.status === 'revoked' || view.status === 'reauth_required') {
        throw new HttpError(409, view.status, `the connection is ${view.status}; connect again`);
      }
      // The refresh executor runs it like any due refresh: one grant at a time across replicas.
      const requestedAt = new Date(deps.now()).toISOString();
      await deps.events.publish(SUBJECTS.tokenRefreshDue, {
        eventId: `manual-${randomUUID()}`,
        connectionId: view.connectionId,
        accessTokenExpiresAt: view.accessTokenExpiresAt,
        attempt: 1,
      });
      // Still 202 (asynchronous by contract), but once token-keeper stored tokens issued after this request,
      // within CONFIRM_TIMEOUT_MS, the answer says `refreshed` and a GET right after shows the same expiry.
      const { connectionId } = view;
      const write = { connectionId, event: SUBJECTS.tokenRefreshed, version: requestedAt } as const;
      const stored = await confirmStored(deps, write).catch(() => null);
      if (stored && (stored.status === 'active' || stored.status === 'expiring')) {
        const { accessTokenExpiresAt } = stored;
        return reply.code(202).send({ connectionId, status: 'refreshed', accessTokenExpiresAt });
      }
      return reply.code(202).send({ connectionId, status: 'refresh_requested' });
    },
  );
}
