import { validationError } from './linkedin-errors.ts';
import type { PostStore } from './post-store.ts';

/**
 * `reshareContext.parent` must name a live post whose author allows reshares (reference §5.2, §9.6 December 2026
 * additions). LinkedIn's exact answers are not documented: the emulator gives 422 `INVALID_URN_ID` for an unknown
 * or deleted parent and 422 `INVALID_VALUE_FOR_FIELD` when the parent has `isReshareDisabledByAuthor`.
 */
export function checkReshareParent(posts: PostStore, parent: string | null): void {
  if (parent === null) return;
  const post = posts.get(parent);
  const fieldPath = 'reshareContext/parent';
  if (!post || post.deletedAt !== null) {
    throw validationError(422, [
      { fieldPath, code: 'INVALID_URN_ID', description: `${parent} does not exist` },
    ]);
  }
  if (post.isReshareDisabledByAuthor) {
    throw validationError(422, [
      { fieldPath, code: 'INVALID_VALUE_FOR_FIELD', description: `${parent} cannot be reshared` },
    ]);
  }
}
