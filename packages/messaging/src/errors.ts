/** A failure worth another attempt later (`retryAfterMs` overrides the backoff schedule). */
export class TransientError extends Error {
  readonly code: string;
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;
  constructor(code: string, message: string, options: { cause?: unknown; retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientError';
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A failure that another attempt cannot fix. */
export class PermanentError extends Error {
  readonly code: string;
  readonly retryable = false;
  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'PermanentError';
    this.code = code;
  }
}
