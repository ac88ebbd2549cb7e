import { inputErrorsOf } from './input-errors.ts';
import { type InputError, validationError } from './linkedin-errors.ts';
import { CONTENT_KINDS, PostBody, PostPatchBody } from './post-schema.ts';

/** Documented maximum for commentary (reference §5.4). */
export const MAX_COMMENTARY_LENGTH = 3000;

export interface PostInput {
  author: string;
  authorKind: 'person' | 'organization';
  authorId: string;
  commentary: string;
  visibility: string;
  distribution: unknown;
  lifecycleState: string;
  isReshareDisabledByAuthor: boolean;
  content: unknown;
  /** `reshareContext.parent`, or null for an original post. */
  reshareParent: string | null;
}

const AUTHOR = /^urn:li:(person|organization):([A-Za-z0-9_-]+)$/;

/** Validates a `POST /rest/posts` body; throws LinkedIn's 422 shape listing every problem. */
export function validatePostBody(input: unknown): PostInput {
  const parsed = PostBody.safeParse(input);
  if (!parsed.success) throw validationError(422, inputErrorsOf(input, parsed.error));
  const errors: InputError[] = [];
  const body = parsed.data;
  const author = AUTHOR.exec(body.author);
  const kind = author?.[1] === 'organization' ? 'organization' : 'person';
  if (!author || (kind === 'organization' && !/^\d+$/.test(author[2] ?? ''))) {
    errors.push({
      fieldPath: 'author',
      code: 'INVALID_URN_TYPE',
      description: `invalid author URN ${body.author}`,
    });
  }
  const kinds = CONTENT_KINDS.filter((k) => body.content?.[k] !== undefined);
  if (body.content !== undefined && kinds.length !== 1) {
    errors.push({
      fieldPath: 'content',
      code: 'INVALID_VALUE_FOR_FIELD',
      description: 'exactly one content type is required',
    });
  }
  if (body.reshareContext !== undefined && body.content !== undefined) {
    errors.push({
      fieldPath: 'content',
      code: 'INVALID_VALUE_FOR_FIELD',
      description: 'a reshare cannot carry its own content',
    });
  }
  if (body.commentary === undefined && body.content === undefined && body.reshareContext === undefined) {
    errors.push({
      fieldPath: 'commentary',
      code: 'MISSING_FIELD',
      description: 'commentary or content is required',
    });
  }
  if (kind === 'organization' && body.visibility === 'CONNECTIONS') {
    errors.push({
      fieldPath: 'visibility',
      code: 'INVALID_VALUE_FOR_FIELD',
      description: 'CONNECTIONS visibility is only allowed for member posts',
    });
  }
  if (errors.length > 0) throw validationError(422, errors);
  const raw = input as Record<string, unknown>;
  return {
    author: body.author,
    authorKind: kind,
    authorId: author?.[2] ?? '',
    commentary: body.commentary ?? '',
    visibility: body.visibility,
    distribution: raw['distribution'],
    lifecycleState: body.lifecycleState,
    isReshareDisabledByAuthor: body.isReshareDisabledByAuthor ?? false,
    content: raw['content'] ?? null,
    reshareParent: body.reshareContext?.parent ?? null,
  };
}

/** The `$set` of a `PARTIAL_UPDATE` body (reference §5.3); unknown fields anywhere give 422. */
export function validatePostPatch(input: unknown): { commentary?: string } {
  const parsed = PostPatchBody.safeParse(input);
  if (!parsed.success) throw validationError(422, inputErrorsOf(input, parsed.error));
  const set = parsed.data.patch.$set ?? {};
  return set.commentary === undefined ? {} : { commentary: set.commentary };
}

export function commentaryTooLong(): ReturnType<typeof validationError> {
  return validationError(400, [
    {
      fieldPath: 'commentary',
      code: 'FIELD_LENGTH_TOO_LONG',
      description: `length of commentary exceeds the maximum of ${MAX_COMMENTARY_LENGTH} characters`,
    },
  ]);
}
