import { hashtagsAsTemplates } from './little-text.ts';
import type { StoredPost } from './post-store.ts';

/** `GET /rest/posts/{urn}` fields (reference §5.3); `content` only when the post has some. Times are epoch ms. */
export function postView(post: StoredPost): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: post.urn,
    author: post.author,
    commentary: hashtagsAsTemplates(post.commentary),
    visibility: post.visibility,
    lifecycleState: post.lifecycleState,
    lifecycleStateInfo: { isEditedByAuthor: post.isEditedByAuthor },
    distribution: post.distribution,
    isReshareDisabledByAuthor: post.isReshareDisabledByAuthor,
    createdAt: post.createdAt,
    publishedAt: post.createdAt,
    lastModifiedAt: post.lastModifiedAt,
  };
  if (post.content !== null) view['content'] = post.content;
  if (post.reshareParent !== null) view['reshareContext'] = { parent: post.reshareParent };
  return view;
}
