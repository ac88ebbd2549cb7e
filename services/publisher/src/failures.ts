import { PermanentError, TokensGetError, TransientError } from '@li-bus/messaging';
import type { PostFailureCode } from '@li-bus/contracts';
import { LinkedInApiError } from './linkedin/api-error.ts';

/** Why a post ended without being published: a design code plus LinkedIn's details, when it answered. */
export class PostFailure extends PermanentError {
  readonly failureCode: PostFailureCode;
  readonly linkedin: ReturnType<LinkedInApiError['details']> | undefined;
  constructor(code: PostFailureCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
    this.name = 'PostFailure';
    this.failureCode = code;
    this.linkedin = options.cause instanceof LinkedInApiError ? options.cause.details() : undefined;
  }
}

/** The one mapping from what went wrong to retry-or-fail. */
export function classify(error: unknown): PostFailure | TransientError {
  if (error instanceof PostFailure || error instanceof TransientError) return error;
  if (error instanceof TokensGetError) {
    if (error.code === 'not_found')
      return new PostFailure('connection_not_found', error.message, { cause: error });
    if (error.code === 'internal')
      return new TransientError('token_keeper_failed', error.message, { cause: error });
    return new PostFailure('reauth_required', `connection is ${error.code}`, { cause: error });
  }
  if (error instanceof LinkedInApiError) {
    const { status } = error;
    if (status === 401) return new PostFailure('reauth_required', error.message, { cause: error });
    if (status === 403) return new PostFailure('permission_denied', error.message, { cause: error });
    if (status === 426)
      return new PostFailure('linkedin_version_unsupported', error.message, { cause: error });
    if (status === 429) return new TransientError('rate_limited', error.message, { cause: error });
    if (status >= 500) return new TransientError('linkedin_error', error.message, { cause: error });
    return new PostFailure('linkedin_error', error.message, { cause: error });
  }
  // Timeouts, refused connections, a dropped response: the outcome is unknown, so try again (the ledger
  // makes sure a create that did land is found instead of repeated).
  const message = error instanceof Error ? error.message : String(error);
  return new TransientError('unavailable', message, { cause: error });
}

/** The `post.failed` code for an error that ended a request. */
export function failureCodeOf(error: unknown): PostFailureCode {
  const classified = classify(error);
  if (classified instanceof PostFailure) return classified.failureCode;
  return classified.code === 'rate_limited' ? 'rate_limited' : 'linkedin_error';
}
