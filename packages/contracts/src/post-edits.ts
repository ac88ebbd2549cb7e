import { z } from 'zod';
import { connectionId, eventId, isoDateTime } from './common.ts';
import { escapeLittleText, MAX_COMMENTARY_LENGTH } from './little-text.ts';
import { requestId } from './post-requested.ts';

/** A post's URN as LinkedIn gives it in `x-restli-id` (and `post.published` carries). */
export const postUrn = z
  .string()
  .regex(/^urn:li:(share|ugcPost):\d+$/, 'must be urn:li:share:{id} or urn:li:ugcPost:{id}');

/**
 * `post.update.requested`: replace the commentary of a published post (LinkedIn's partial update). `text` is
 * plain text with the same rules as `post.requested`'s: escaped by the publisher, at most 3000 characters after.
 * `requestId` is the operation's own idempotency key (not the id of the request that created the post).
 */
export const postUpdateRequested = z
  .strictObject({
    requestId,
    connectionId,
    postUrn,
    text: z.string().min(1, 'must not be empty'),
  })
  .superRefine((command, ctx) => {
    if (escapeLittleText(command.text).length > MAX_COMMENTARY_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: `must be at most ${MAX_COMMENTARY_LENGTH} characters after escaping`,
      });
    }
  });
export type PostUpdateRequested = z.infer<typeof postUpdateRequested>;

/** `post.delete.requested`: delete a published post (deleting one already deleted succeeds). */
export const postDeleteRequested = z.strictObject({ requestId, connectionId, postUrn });
export type PostDeleteRequested = z.infer<typeof postDeleteRequested>;

/** `post.updated`: LinkedIn accepted the new commentary. */
export const postUpdated = z.object({
  eventId,
  requestId,
  connectionId,
  postUrn,
  updatedAt: isoDateTime,
});
export type PostUpdated = z.infer<typeof postUpdated>;

/** `post.deleted`: the post is gone from LinkedIn. */
export const postDeleted = z.object({
  eventId,
  requestId,
  connectionId,
  postUrn,
  deletedAt: isoDateTime,
});
export type PostDeleted = z.infer<typeof postDeleted>;
