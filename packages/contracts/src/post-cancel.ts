import { z } from 'zod';
import { connectionId, eventId, isoDateTime } from './common.ts';
import { requestId } from './post-requested.ts';

/**
 * `post.cancel.requested`: cancel a request that has not reached LinkedIn. `requestId` is the request's own
 * (the `post.requested` one, or `busRequestId` for HTTP callers). `connectionId` is optional: with it, a request
 * the publisher has not taken yet is cancelled at once (`post.cancelled`); without it, such a request is answered
 * `not_found` and is not held back.
 */
export const postCancelRequested = z.strictObject({ requestId, connectionId: connectionId.optional() });
export type PostCancelRequested = z.infer<typeof postCancelRequested>;

/** `post.cancelled`: the request's terminal event; nothing was or will be posted for it. */
export const postCancelled = z.object({ eventId, requestId, connectionId, cancelledAt: isoDateTime });
export type PostCancelled = z.infer<typeof postCancelled>;

export const cancelRejectedReason = z.enum(['already_published', 'not_found']);

/** `post.cancel.rejected`: nothing changed: the request already reached LinkedIn, or is unknown (or ended). */
export const postCancelRejected = z.object({ eventId, requestId, reason: cancelRejectedReason });
export type PostCancelRejected = z.infer<typeof postCancelRejected>;
