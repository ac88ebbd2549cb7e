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
/** Narrows `GET /v1/posts/:requestId` to one connection when an API key used the requestId for several. */
export const postStatusQuery = z.object({ connectionId: connectionId.optional() });

/**
 * `refreshed`: new tokens are stored (a GET now shows `accessTokenExpiresAt`); `refresh_requested`: not within
 * `CONFIRM_TIMEOUT_MS` (or the refresh failed); the refresh goes on in the background.
 */
export const refreshAccepted = z.object({
  connectionId,
  status: z.enum(['refreshed', 'refresh_requested']),
  accessTokenExpiresAt: z.iso.datetime().optional(),
});

export const postStatus = z.object({
  requestId,
  /** The id on the bus: `requestId` of this request's `post.*` events and webhook deliveries. */
  busRequestId: requestId.optional(),
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
