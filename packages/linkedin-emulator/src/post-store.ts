import { isDeepStrictEqual } from 'node:util';
import { newShareUrn } from './ids.ts';

export interface StoredPost {
  urn: string;
  author: string;
  /** As stored by LinkedIn, i.e. after silent truncation. */
  commentary: string;
  /** As the client sent it. */
  submittedCommentary: string;
  visibility: string;
  distribution: unknown;
  lifecycleState: string;
  isReshareDisabledByAuthor: boolean;
  content: unknown;
  /** `reshareContext.parent` of a reshare, null for an original post. */
  reshareParent: string | null;
  /** Emulated time, epoch milliseconds. */
  createdAt: number;
  /** Emulated time of the last partial update (`createdAt` until then). */
  lastModifiedAt: number;
  /** True once a partial update changed the commentary (`lifecycleStateInfo.isEditedByAuthor`). */
  isEditedByAuthor: boolean;
  /** Emulated time of the deletion, or null while the post exists. */
  deletedAt: number | null;
}

export type NewPost = Omit<StoredPost, 'urn' | 'deletedAt' | 'lastModifiedAt' | 'isEditedByAuthor'>;

export interface CommentaryEdit {
  commentary: string;
  submittedCommentary: string;
}

export interface PostStore {
  create(post: NewPost): StoredPost;
  /** Deleted posts too (with `deletedAt`), so a second delete can still be answered 204. */
  get(urn: string): StoredPost | undefined;
  list(): StoredPost[];
  /** The author's posts that are not deleted, newest first. */
  listByAuthor(author: string): StoredPost[];
  markDeleted(post: StoredPost, now: number): void;
  /** A partial update of the commentary (reference §5.3). */
  editCommentary(post: StoredPost, edit: CommentaryEdit, now: number): void;
  /** A post by the same author with the same text and content created at or after `since` (deleted ones too). */
  findDuplicate(post: NewPost, since: number): StoredPost | undefined;
  clear(): void;
}

const duplicateKey = (post: NewPost): string => `${post.author}\u0000${post.commentary}`;

/** Posts by URN, indexed by author and by author+text so creation stays O(1) however many posts exist. */
export function createPostStore(): PostStore {
  const posts = new Map<string, StoredPost>();
  const byAuthor = new Map<string, StoredPost[]>();
  const byText = new Map<string, StoredPost[]>();

  function push(index: Map<string, StoredPost[]>, key: string, post: StoredPost): void {
    const bucket = index.get(key);
    if (bucket) bucket.push(post);
    else index.set(key, [post]);
  }

  return {
    create(post) {
      let urn = newShareUrn();
      while (posts.has(urn)) urn = newShareUrn();
      const stored: StoredPost = {
        urn,
        ...post,
        lastModifiedAt: post.createdAt,
        isEditedByAuthor: false,
        deletedAt: null,
      };
      posts.set(urn, stored);
      push(byAuthor, stored.author, stored);
      push(byText, duplicateKey(stored), stored);
      return stored;
    },
    get: (urn) => posts.get(urn),
    list: () => [...posts.values()],
    listByAuthor: (author) => (byAuthor.get(author) ?? []).filter((p) => p.deletedAt === null).reverse(),
    markDeleted(post, now) {
      post.deletedAt ??= now;
    },
    editCommentary(post, edit, now) {
      post.commentary = edit.commentary;
      post.submittedCommentary = edit.submittedCommentary;
      post.lastModifiedAt = now;
      post.isEditedByAuthor = true;
      push(byText, duplicateKey(post), post);
    },
    findDuplicate(post, since) {
      const bucket = byText.get(duplicateKey(post)) ?? [];
      for (let i = bucket.length - 1; i >= 0; i -= 1) {
        const candidate = bucket[i];
        if (!candidate || candidate.createdAt < since || candidate.commentary !== post.commentary) continue;
        if (isDeepStrictEqual(candidate.content, post.content)) return candidate;
      }
      return undefined;
    },
    clear() {
      posts.clear();
      byAuthor.clear();
      byText.clear();
    },
  };
}
