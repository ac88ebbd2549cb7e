import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues } from '@li-bus/contracts';
import type { HttpApp } from '@li-bus/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { requireApiKey, requireTenantAccess } from '../auth.ts';

const authorizeBody = z.strictObject({
  tenantId: z.string().min(1).max(128),
  returnTo: z.url().optional(),
  kind: z.enum(['member']).default('member'),
});

export function registerConnectionsApi(app: HttpApp, deps: GatewayDeps): void {
  // The key is checked before the body is read: callers without one learn nothing about the API.
  const authenticate = async (request: FastifyRequest) => void requireApiKey(request, deps.config.apiKeys);
  app.post('/v1/connections/authorize', { onRequest: authenticate }, async (request, reply) => {
    const parsed = authorizeBody.safeParse(request.body);
    if (!parsed.success) throw new HttpError(400, 'invalid_request', describeIssues(parsed.error));
    const { tenantId, returnTo, kind } = parsed.data;
    requireTenantAccess(request, deps.config.apiKeys, tenantId);
    if (returnTo !== undefined && !deps.config.returnToAllowlist.includes(returnTo)) {
      throw new HttpError(400, 'invalid_return_to', 'returnTo is not on RETURN_TO_ALLOWLIST');
    }
    const pending = await deps.sessions.createPending({ tenantId, kind, returnTo: returnTo ?? null });
    const authorizeUrl = new URL('/oauth/linkedin/start', deps.config.publicOrigin);
    authorizeUrl.searchParams.set('session', pending.id);
    return reply
      .code(201)
      .send({ authorizeUrl: authorizeUrl.toString(), expiresAt: new Date(pending.expiresAt).toISOString() });
  });
}
