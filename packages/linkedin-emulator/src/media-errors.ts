import type { MediaKind } from './media-store.ts';
import { plainError, restError, validationError, type LinkedInError } from './linkedin-errors.ts';

/** Reference §6 and §9.3: the text LinkedIn gives for media the token may not touch. */
export const mediaForbidden = (kind: MediaKind): LinkedInError =>
  restError(
    403,
    'ACCESS_DENIED',
    `Accessing this ${kind} resource is forbidden. Please check your permissions for this resource`,
    100,
  );

export const mediaNotFound = (urn: string): LinkedInError =>
  restError(404, 'NOT_FOUND', `Resource ${urn} does not exist`);

export const expiredUploadUrl = (): LinkedInError =>
  restError(400, 'EXPIRED_UPLOAD_URL', 'The upload URL has expired');

export const badUpload = (message: string): LinkedInError => plainError(400, message);

/** A post refers to media that is missing, not ready or failed (422 in the validation shape). */
export function mediaNotUsable(fieldPath: string, code: string, description: string): LinkedInError {
  return validationError(422, [{ fieldPath, code, description }]);
}
