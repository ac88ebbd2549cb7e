import { z } from 'zod';
import { webhookEventType } from '@li-bus/contracts';

/** HTTP bodies and answers of the webhooks API (the OpenAPI document is generated from them). */
export const createWebhookBody = z.strictObject({
  tenantId: z.string().min(1).max(128),
  url: z.string().min(1).max(2048),
  events: z
    .array(webhookEventType)
    .min(1)
    .refine((events) => new Set(events).size === events.length, 'must not repeat an event'),
});

export const webhookParams = z.object({ webhookId: z.string().regex(/^wh_[A-Za-z0-9_-]{1,64}$/) });
export const webhookListQuery = z.object({ tenantId: z.string().min(1).max(128) });

export const webhookView = z.object({
  webhookId: z.string(),
  tenantId: z.string(),
  url: z.string(),
  events: z.array(webhookEventType),
  status: z.enum(['active', 'disabled']),
  createdAt: z.iso.datetime(),
  firstFailureAt: z.iso.datetime().optional(),
  disabledAt: z.iso.datetime().optional(),
});

/** `201`: the secret (`whsec_…`, Standard Webhooks) is shown this once. */
export const createdWebhook = webhookView.extend({ secret: z.string() });
export const webhookList = z.object({ webhooks: z.array(webhookView) });
