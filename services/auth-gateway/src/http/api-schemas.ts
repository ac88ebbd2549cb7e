import { z } from 'zod';
import {
  cancelRejectedReason,
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
   * `lastOperation`. `cancelling`/`cancelled`: a `DELETE` before the post reached LinkedIn, and its outcome.
   */
  status: z.enum([
    'queued',
    'published',
    'failed',
    'updating',
    'updated',
    'deleting',
    'deleted',
    'cancelling',
    'cancelled',
  ]),
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
  cancelledAt: z.iso.datetime().optional(),
  /** A cancel that changed nothing (`post.cancel.rejected`): why, told to the caller. */
  cancelRejected: z.object({ reason: cancelRejectedReason, message: z.string() }).optional(),
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

/** The largest file one upload takes (decoded): an agent's image or short clip, not a feature film. */
export const UPLOAD_MAX_BYTES = 4 * 1024 * 1024;
/** The longest base64 text that can decode to at most `UPLOAD_MAX_BYTES`. */
export const UPLOAD_MAX_BASE64_LENGTH = Math.ceil(UPLOAD_MAX_BYTES / 3) * 4;

/** `POST /v1/media` and `upload_media`: the file, base64 (standard alphabet), and what it is. */
export const uploadBody = z.strictObject({
  fileName: z.string().min(1).max(200),
  contentType: z.string().min(1).max(200),
  base64: z.string().min(1).max(UPLOAD_MAX_BASE64_LENGTH),
  /** The tenant whose connections may post it: required with an API key; a token's own otherwise. */
  tenantId: z.string().min(1).max(128).optional(),
});
/** What a post request names the upload with: `media: [{ type, url }]`. */
export const uploadedMedia = z.object({
  url: z.string(),
  type: z.enum(['image', 'video', 'document']),
  contentType: z.string(),
  bytes: z.number().int(),
});

export type UploadRequest = z.infer<typeof uploadBody>;
export type UploadedMedia = z.infer<typeof uploadedMedia>;

export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
