import { z } from 'zod';
import { type InputError, validationError } from './linkedin-errors.ts';

/** Documented maximum for commentary (reference §5.4). */
export const MAX_COMMENTARY_LENGTH = 3000;

const urn = (types: string) => z.string().regex(new RegExp(`^urn:li:(?:${types}):[A-Za-z0-9_-]+$`));

const MediaContent = z.looseObject({
  id: urn('image|video|document'),
  title: z.string().optional(),
  altText: z.string().max(4086).optional(),
});
const MultiImageContent = z.looseObject({
  images: z
    .array(z.looseObject({ id: urn('image'), altText: z.string().max(4086).optional() }))
    .min(2)
    .max(20),
});
const ArticleContent = z.looseObject({
  source: z.url(),
  title: z.string(),
  description: z.string().optional(),
  thumbnail: urn('image').optional(),
});
const CONTENT_KINDS = ['media', 'multiImage', 'article', 'poll', 'celebration'] as const;

const PostBody = z.looseObject({
  author: z.string(),
  commentary: z.string().optional(),
  visibility: z.enum(['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER']),
  distribution: z.looseObject({
    feedDistribution: z.enum(['MAIN_FEED', 'NONE']),
    targetEntities: z.array(z.unknown()).optional(),
    thirdPartyDistributionChannels: z.array(z.unknown()).optional(),
  }),
  lifecycleState: z.literal('PUBLISHED'),
  isReshareDisabledByAuthor: z.boolean().optional(),
  content: z
    .looseObject({
      media: MediaContent.optional(),
      multiImage: MultiImageContent.optional(),
      article: ArticleContent.optional(),
      poll: z.looseObject({}).optional(),
      celebration: z.looseObject({}).optional(),
    })
    .optional(),
  reshareContext: z.looseObject({ parent: urn('share|ugcPost') }).optional(),
});

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
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function toInputError(input: unknown, issue: z.core.$ZodIssue): InputError {
  const fieldPath = issue.path.map(String).join('/');
  const value = valueAt(input, issue.path);
  if (value === undefined) {
    return {
      fieldPath,
      code: 'MISSING_FIELD',
      description: 'field is required but not found and has no default value',
    };
  }
  if (issue.code === 'invalid_value') {
    return {
      fieldPath,
      code: 'INVALID_VALUE_FOR_FIELD',
      description: `${JSON.stringify(value)} is not an enum symbol`,
    };
  }
  return { fieldPath, code: 'INVALID_VALUE_FOR_FIELD', description: issue.message };
}

const AUTHOR = /^urn:li:(person|organization):([A-Za-z0-9_-]+)$/;

/** Validates a `POST /rest/posts` body; throws LinkedIn's 422 shape listing every problem. */
export function validatePostBody(input: unknown): PostInput {
  const parsed = PostBody.safeParse(input);
  const errors: InputError[] = parsed.success ? [] : parsed.error.issues.map((i) => toInputError(input, i));
  if (!parsed.success) throw validationError(422, errors);
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
  if (body.commentary === undefined && body.content === undefined) {
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
  };
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
