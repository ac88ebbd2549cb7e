/** An HTTP failure with a stable code; the one error handler turns it into `{ error: { code, message } }`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  /** Headers the answer carries (e.g. `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    code: string,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
  }
}

/** Callback error codes (fixed by the design). */
export type CallbackErrorCode =
  'missing_params' | 'session_expired' | 'authorization_denied' | 'token_exchange_failed' | 'internal_error';

export class CallbackError extends Error {
  readonly code: CallbackErrorCode;
  constructor(code: CallbackErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'CallbackError';
    this.code = code;
  }
}
