import { z } from 'zod';
import {
  connectionId,
  escapeLittleText,
  MAX_COMMENTARY_LENGTH,
  organizationUrn,
  firstCommentOutcome,
  postFailureCode,
  requestId,
} from '@li-bus/contracts';

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

/**
 * The newest edit or delete of a published post: `requestId` is the one it travels under on the bus (the
 * `requestId` of its `post.updated` / `post.deleted` / `post.failed`), `sequence` counts the post's operations.
 */
export const postOperation = z.object({
  kind: z.enum(['edit', 'delete']),
  requestId,
  sequence: z.number().int().positive(),
  status: z.enum(['requested', 'succeeded', 'failed']),
  code: postFailureCode.optional(),
  message: z.string().optional(),
});

export const postStatus = z.object({
  requestId,
  /** The id on the bus: `requestId` of this request's `post.*` events and webhook deliveries. */
  busRequestId: requestId.optional(),
  connectionId: z.string(),
  /**
   * `updating`/`deleting`: a `PATCH`/`DELETE` was taken in; `updated`/`deleted`: LinkedIn accepted it. An edit or
   * delete that failed puts the status back (`published`, or `updated` after an earlier edit) and says why in
   * `lastOperation`.
   */
  status: z.enum(['queued', 'published', 'failed', 'updating', 'updated', 'deleting', 'deleted']),
  queuedAt: z.iso.datetime(),
  postUrn: z.string().optional(),
  postUrl: z.url().optional(),
  publishedAt: z.iso.datetime().optional(),
  /** The first comment's outcome, when the post asked for one (as in `post.published`). */
  firstComment: firstCommentOutcome.optional(),
  code: postFailureCode.optional(),
  message: z.string().optional(),
  updatedAt: z.iso.datetime().optional(),
  deletedAt: z.iso.datetime().optional(),
  lastOperation: postOperation.optional(),
});
export type PostStatus = z.infer<typeof postStatus>;
export type PostOperation = z.infer<typeof postOperation>;

/**
 * `PATCH /v1/posts/:requestId`: the post's new text, plain text with `post.update.requested`'s rules (escaped by
 * the publisher, at most 3000 characters after escaping).
 */
export const postEditBody = z.strictObject({
  text: z
    .string()
    .min(1, 'must not be empty')
    .refine((text) => escapeLittleText(text).length <= MAX_COMMENTARY_LENGTH, {
      message: `must be at most ${MAX_COMMENTARY_LENGTH} characters after escaping`,
    }),
});

export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
