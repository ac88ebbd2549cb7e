import { z } from 'zod';
import { authorUrn, connectionId, eventId, isoDateTime } from './common.ts';
import { requestId } from './post-requested.ts';

export const postPublished = z.object({
  eventId,
  requestId,
  connectionId,
  author: authorUrn,
  postUrn: z.string().regex(/^urn:li:(share|ugcPost):\d+$/),
  postUrl: z.url(),
  publishedAt: isoDateTime,
});
export type PostPublished = z.infer<typeof postPublished>;

/** `post.failed` codes (fixed by the design). */
export const postFailureCode = z.enum([
  'invalid_request',
  'connection_not_found',
  'reauth_required',
  'permission_denied',
  'media_failed',
  'rate_limited',
  'linkedin_version_unsupported',
  'linkedin_error',
]);
export type PostFailureCode = z.infer<typeof postFailureCode>;

export const postFailed = z.object({
  eventId,
  /** The request's id, or `unknown` when the command was too malformed to carry one. */
  requestId: z.union([requestId, z.literal('unknown')]),
  connectionId: z.string(),
  code: postFailureCode,
  message: z.string(),
  attempts: z.number().int().nonnegative(),
  linkedin: z
    .object({
      status: z.number().int(),
      serviceErrorCode: z.number().int().optional(),
      code: z.string().optional(),
    })
    .optional(),
});
export type PostFailed = z.infer<typeof postFailed>;
