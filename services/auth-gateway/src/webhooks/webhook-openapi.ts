import type { z } from 'zod';
import { createdWebhook, createWebhookBody, webhookList } from './webhook-schemas.ts';

/** The part of the OpenAPI document's `operation` helper the webhook routes use. */
type Operation = (op: {
  summary: string;
  body?: z.ZodType;
  ok: { status: string; description: string; schema?: z.ZodType };
  errors?: Record<string, string>;
  params?: Record<string, unknown>[];
}) => unknown;

const param = (name: string, where: 'path' | 'query') => ({
  name,
  in: where,
  required: true,
  schema: { type: 'string' },
});

/** `POST /v1/webhooks`, `GET /v1/webhooks?tenantId=`, `DELETE /v1/webhooks/{webhookId}`. */
export function webhookPaths(operation: Operation): Record<string, Record<string, unknown>> {
  return {
    '/v1/webhooks': {
      post: operation({
        summary:
          'Register a webhook (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). The secret ' +
          '(whsec_…) is shown in this answer only. Deliveries are retried for 24 h; a webhook failing for 5 days ' +
          'is disabled.',
        body: createWebhookBody,
        ok: { status: '201', description: 'registered', schema: createdWebhook },
        errors: {
          '400':
            'bad input, a URL that is not https or not a public host (`invalid_request`, naming the field)',
          '403': 'the key may not act for that tenant (`forbidden`)',
          '409': 'the tenant has as many webhooks as it may (`webhook_limit_reached`)',
        },
      }),
      get: operation({
        summary: "A tenant's webhooks (status active or disabled; never the secret)",
        params: [param('tenantId', 'query')],
        ok: { status: '200', description: 'the webhooks', schema: webhookList },
        errors: { '403': 'the key may not act for that tenant (`forbidden`)' },
      }),
    },
    '/v1/webhooks/{webhookId}': {
      delete: operation({
        summary: 'Delete a webhook; its pending deliveries are dropped',
        params: [param('webhookId', 'path')],
        ok: { status: '204', description: 'deleted' },
        errors: { '404': 'unknown webhook, or one of another tenant (`not_found`)' },
      }),
    },
  };
}
