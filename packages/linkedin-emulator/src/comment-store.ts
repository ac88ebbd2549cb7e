import { newCommentId } from './ids.ts';

export interface StoredComment {
  /** `urn:li:comment:(<post urn>,<id>)`. */
  urn: string;
  id: string;
  /** The post (`object`) the comment is under. */
  object: string;
  actor: string;
  /** Plain text, stored exactly as sent (reference §5.4: comments are not in the little format). */
  text: string;
  /** Emulated time, epoch milliseconds. */
  createdAt: number;
  deletedAt: number | null;
}

export type NewComment = Pick<StoredComment, 'object' | 'actor' | 'text' | 'createdAt'>;

export interface CommentStore {
  create(comment: NewComment): StoredComment;
  /** By numeric id or full comment URN; deleted comments too. */
  get(key: string): StoredComment | undefined;
  /** Every comment, deleted ones included, oldest first. */
  list(): StoredComment[];
  /** The post's comments that are not deleted, oldest first. */
  listByObject(object: string): StoredComment[];
  markDeleted(comment: StoredComment, now: number): void;
  clear(): void;
}

export function createCommentStore(): CommentStore {
  const comments = new Map<string, StoredComment>();
  return {
    create(comment) {
      let id = newCommentId();
      while (comments.has(id)) id = newCommentId();
      const stored: StoredComment = {
        ...comment,
        id,
        urn: `urn:li:comment:(${comment.object},${id})`,
        deletedAt: null,
      };
      comments.set(id, stored);
      return stored;
    },
    get(key) {
      const id = /^urn:li:comment:\(.+,(\d+)\)$/.exec(key)?.[1] ?? key;
      return comments.get(id);
    },
    list: () => [...comments.values()],
    listByObject: (object) =>
      [...comments.values()].filter((c) => c.object === object && c.deletedAt === null),
    markDeleted(comment, now) {
      comment.deletedAt ??= now;
    },
    clear() {
      comments.clear();
    },
  };
}
