import { PermanentError, TransientError } from '@li-bus/messaging';
import { TokensGetError } from '@li-bus/token-keeper-client';
import { SealError } from '@li-bus/sealing';
import { LinkedInVersionUnsupportedError } from '@li-bus/linkedin-versions';
import type { PostFailureCode } from '@li-bus/contracts';
import { LinkedInApiError } from './linkedin/api-error.ts';
import { MediaRejectedError } from './media/media-source.ts';

/** Why a post ended without being published: a design code plus LinkedIn's details, when it answered. */
export class PostFailure extends PermanentError {
  readonly failureCode: PostFailureCode;
  readonly linkedin: ReturnType<LinkedInApiError['details']> | undefined;
  /** Attempts that ended in failure, this one included (set by the retry policy). */
  attempts: number | undefined;
  constructor(code: PostFailureCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'PostFailure';
    this.failureCode = code;
    const cause = options.cause instanceof MediaStageError ? options.cause.cause : options.cause;
    this.linkedin = cause instanceof LinkedInApiError ? cause.details() : undefined;
  }
}

/**
 * A wait that is not a failure (a throttled member, another delivery at work), thrown from deep in the work.
 * The post handler turns it into an outcome (`in_progress` → retry, the others → defer: a server-side schedule);
 * the edit consumers still see a transient error with its delay.
 */
export class Deferral extends TransientError {
  readonly deferral = true;
  constructor(code: 'throttled' | 'in_progress', message: string, retryAfterMs: number) {
    super(code, message, { retryAfterMs: Math.max(1, Math.round(retryAfterMs)) });
    this.name = 'Deferral';
  }
}

/** Something went wrong while fetching or uploading media (before any create call). */
export class MediaStageError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'MediaStageError';
  }
}

function classifyLinkedIn(
  error: LinkedInApiError,
  media: boolean,
  cause: unknown,
): PostFailure | TransientError {
  const { status } = error;
  const options = { cause };
  if (status === 401) return new PostFailure('reauth_required', error.message, options);
  if (status === 403) return new PostFailure('permission_denied', error.message, options);
  if (status === 426) return new PostFailure('linkedin_version_unsupported', error.message, options);
  if (status === 429) return new TransientError('rate_limited', error.message, options);
  if (status >= 500)
    return new TransientError(media ? 'media_failed' : 'linkedin_error', error.message, options);
  return new PostFailure(media ? 'media_failed' : 'linkedin_error', error.message, options);
}

/** The one mapping from what went wrong to retry-or-fail. */
export function classify(error: unknown): PostFailure | TransientError {
  if (error instanceof PostFailure || error instanceof TransientError) return error;
  if (error instanceof LinkedInVersionUnsupportedError) {
    // Every configured version was refused: retrying cannot help until LINKEDIN_VERSION changes.
    return new PostFailure('linkedin_version_unsupported', error.message, { cause: error.cause ?? error });
  }
  if (error instanceof SealError) {
    // The stored token does not open with TOKEN_ENCRYPTION_KEYS (a key rotated out too early?): retrying cannot
    // help, and the connection is unusable until it is connected again.
    return new PostFailure('reauth_required', 'the stored token does not open with TOKEN_ENCRYPTION_KEYS', {
      cause: error,
    });
  }
  if (error instanceof TokensGetError) {
    if (error.code === 'not_found')
      return new PostFailure('connection_not_found', error.message, { cause: error });
    if (error.code === 'internal')
      return new TransientError('token_keeper_failed', error.message, { cause: error });
    return new PostFailure('reauth_required', `connection is ${error.code}`, { cause: error });
  }
  if (error instanceof MediaStageError) {
    const inner = error.cause;
    if (inner instanceof MediaRejectedError)
      return new PostFailure('media_failed', inner.message, { cause: error });
    if (inner instanceof LinkedInApiError) return classifyLinkedIn(inner, true, error);
    const classified = classify(inner);
    if (classified instanceof PostFailure) return classified;
    return new TransientError('media_failed', `media: ${classified.message}`, { cause: error });
  }
  if (error instanceof LinkedInApiError) return classifyLinkedIn(error, false, error);
  // Timeouts, refused connections, a dropped response: the outcome is unknown, so try again (the ledger
  // makes sure a create that did land is found instead of repeated).
  const message = error instanceof Error ? error.message : String(error);
  return new TransientError('unavailable', message, { cause: error });
}

/** The `post.failed` code for an error that ended a request. */
export function failureCodeOf(error: unknown): PostFailureCode {
  const classified = classify(error);
  if (classified instanceof PostFailure) return classified.failureCode;
  if (classified.code === 'rate_limited' || classified.code === 'media_failed') return classified.code;
  return 'linkedin_error';
}
