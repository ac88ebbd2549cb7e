import { z } from 'zod';
import { connectionId, organizationUrn, postFailureCode, requestId } from '@li-bus/contracts';

/** HTTP bodies and answers of the gateway's API; the OpenAPI document is generated from these same schemas. */
export const authorizeBody = z.strictObject({
  tenantId: z.string().min(1).max(128),
  returnTo: z.url().optional(),
  kind: z.enum(['member', 'organization']).default('member'),
  /** Pre-selects one Page for `kind: "organization"`; the member must administer it. */
  organizationUrn: organizationUrn.optional(),
});

export const authorizeReply = z.object({ authorizeUrl: z.url(), expiresAt: z.iso.datetime() });

export const connectionParams = z.object({ connectionId });
export const listQuery = z.object({ tenantId: z.string().min(1).max(128) });
export const requestParams = z.object({ requestId });

export const refreshAccepted = z.object({ connectionId, status: z.literal('refresh_requested') });

export const postStatus = z.object({
  requestId,
  connectionId: z.string(),
  status: z.enum(['queued', 'published', 'failed']),
  queuedAt: z.iso.datetime(),
  postUrn: z.string().optional(),
  postUrl: z.url().optional(),
  publishedAt: z.iso.datetime().optional(),
  code: postFailureCode.optional(),
  message: z.string().optional(),
});
export type PostStatus = z.infer<typeof postStatus>;

export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
