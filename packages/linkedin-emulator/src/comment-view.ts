import type { StoredComment } from './comment-store.ts';

/** A comment as the Comments API returns it; times are epoch ms. */
export function commentView(comment: StoredComment): Record<string, unknown> {
  return {
    id: comment.id,
    commentUrn: comment.urn,
    actor: comment.actor,
    object: comment.object,
    message: { text: comment.text, attributes: [] },
    created: { actor: comment.actor, time: comment.createdAt },
    lastModified: { actor: comment.actor, time: comment.createdAt },
  };
}
