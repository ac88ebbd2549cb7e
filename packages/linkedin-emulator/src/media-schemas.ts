import { z } from 'zod';
import { validationError, type InputError, type LinkedInError } from './linkedin-errors.ts';

const ownerUrn = z
  .string()
  .regex(/^urn:li:(person|organization):[A-Za-z0-9_-]+$/, 'must be a person or organization URN');

/** Images and documents: `{initializeUploadRequest: {owner}}` (reference §6). */
export const InitializeUploadBody = z.looseObject({
  initializeUploadRequest: z.looseObject({ owner: ownerUrn }),
});

/** The `fileSizeBytes` schema mentions a 5 GB maximum (reference §7). */
export const MAX_VIDEO_BYTES = 5 * 1024 ** 3;

export const InitializeVideoBody = z.looseObject({
  initializeUploadRequest: z.looseObject({
    owner: ownerUrn,
    fileSizeBytes: z.number().int().min(1).max(MAX_VIDEO_BYTES),
    uploadCaptions: z.boolean().optional(),
    uploadThumbnail: z.boolean().optional(),
  }),
});

export const FinalizeVideoBody = z.looseObject({
  finalizeUploadRequest: z.looseObject({
    video: z.string(),
    uploadToken: z.string(),
    uploadedPartIds: z.array(z.string()),
  }),
});

function toInputError(issue: z.core.$ZodIssue): InputError {
  const fieldPath = issue.path.map(String).join('/');
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return {
      fieldPath,
      code: 'MISSING_FIELD',
      description: 'field is required but not found and has no default value',
    };
  }
  return { fieldPath, code: 'INVALID_VALUE_FOR_FIELD', description: issue.message };
}

/** Parses an action body or throws the 422 validation shape. */
export function parseActionBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const error: LinkedInError = validationError(422, result.error.issues.map(toInputError));
  throw error;
}
