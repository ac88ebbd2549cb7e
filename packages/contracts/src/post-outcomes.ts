import { z } from 'zod';
import { authorUrn, connectionId, eventId, isoDateTime } from './common.ts';
import { requestId } from './post-requested.ts';

/** Why a requested first comment was not posted (the post itself is published regardless). */
export const firstCommentFailureCode = z.enum([
  'permission_denied',
  'reauth_required',
  'rate_limited',
  'linkedin_error',
  /** The comment may or may not exist (an answer was lost) and the post's comments cannot be read: not re-sent. */
  'outcome_unknown',
]);

/** `post.published.firstComment` (fixed names): present when the request asked for one. */
export const firstCommentOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('published'), commentUrn: z.string().regex(/^urn:li:comment:\(.+,\d+\)$/) }),
  z.object({ status: z.literal('failed'), code: firstCommentFailureCode, message: z.string() }),
]);
export type FirstCommentOutcome = z.infer<typeof firstCommentOutcome>;

export const postPublished = z.object({
  eventId,
  requestId,
  connectionId,
  author: authorUrn,
  postUrn: z.string().regex(/^urn:li:(share|ugcPost):\d+$/),
  postUrl: z.url(),
  publishedAt: isoDateTime,
  firstComment: firstCommentOutcome.optional(),
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
