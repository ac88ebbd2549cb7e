import { z } from 'zod';
import { inputErrorsOf } from './input-errors.ts';
import { validationError } from './linkedin-errors.ts';

const actorUrn = z.string().regex(/^urn:li:(?:person:[A-Za-z0-9_-]+|organization:\d+)$/);

/**
 * `POST /rest/socialActions/{post}/comments` body (reference §9.6 December 2026 additions):
 * `{actor, object, message: {text}}`, strict like posts (unknown fields give 422). The text is plain.
 */
const CommentBody = z.strictObject({
  actor: actorUrn,
  object: z.string(),
  message: z.strictObject({ text: z.string().min(1), attributes: z.array(z.unknown()).optional() }),
  parentComment: z.string().optional(),
});

export interface CommentInput {
  actor: string;
  object: string;
  text: string;
}

export function validateCommentBody(input: unknown, postUrn: string): CommentInput {
  const parsed = CommentBody.safeParse(input);
  if (!parsed.success) throw validationError(422, inputErrorsOf(input, parsed.error));
  const body = parsed.data;
  if (body.object !== postUrn) {
    throw validationError(422, [
      {
        fieldPath: 'object',
        code: 'INVALID_VALUE_FOR_FIELD',
        description: `object ${body.object} is not the post in the path (${postUrn})`,
      },
    ]);
  }
  return { actor: body.actor, object: body.object, text: body.message.text };
}
