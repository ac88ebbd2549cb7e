import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '@li-bus/service-kit';
import { keyAllowsTenant, type ApiKey } from '../http/api-keys.ts';
import { requireApiKey, requireTenantAccess } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { parse } from '../http/parse.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import { createWebhookBody, webhookListQuery, webhookParams } from './webhook-schemas.ts';
import { viewOf, type WebhookStore } from './webhook-store.ts';

export interface WebhookRoutesDeps {
  apiKeys: readonly ApiKey[];
  webhooks: WebhookStore;
  allowPrivateNetworks: boolean;
}

/**
 * `POST /v1/webhooks` → 201 `{webhookId, secret, …}` (the secret shown once), `GET /v1/webhooks?tenantId=`,
 * `DELETE /v1/webhooks/:webhookId` → 204. API keys only, bound to the tenant: a list for another tenant is 403,
 * a webhook of another tenant is 404 like an unknown one.
 */
export function registerWebhookRoutes(app: HttpApp, deps: WebhookRoutesDeps): void {
  // The key is checked before the body is read: callers without one learn nothing about the API.
  const authenticate = async (request: FastifyRequest) => void requireApiKey(request, deps.apiKeys);

  app.post('/v1/webhooks', { onRequest: authenticate }, async (request, reply) => {
    const body = parse(createWebhookBody, request.body);
    requireTenantAccess(request, deps.apiKeys, body.tenantId);
    const url = checkWebhookUrl(body.url, { allowPrivateNetworks: deps.allowPrivateNetworks });
    const { record, secret } = await deps.webhooks.create({
      tenantId: body.tenantId,
      url,
      events: body.events,
    });
    return reply.code(201).send({ ...viewOf(record), secret });
  });

  app.get('/v1/webhooks', { onRequest: authenticate }, async (request) => {
    const { tenantId } = parse(webhookListQuery, request.query);
    requireTenantAccess(request, deps.apiKeys, tenantId);
    return { webhooks: (await deps.webhooks.listByTenant(tenantId)).map(viewOf) };
  });

  app.delete('/v1/webhooks/:webhookId', { onRequest: authenticate }, async (request, reply) => {
    const { webhookId } = parse(webhookParams, request.params);
    const key = requireApiKey(request, deps.apiKeys);
    const record = await deps.webhooks.get(webhookId);
    if (!record || !keyAllowsTenant(key, record.tenantId))
      throw new HttpError(404, 'not_found', 'no such webhook');
    await deps.webhooks.delete(webhookId);
    return reply.code(204).send();
  });
}
