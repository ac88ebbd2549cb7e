/** An HTTP failure with a stable code; the one error handler turns it into `{ error: { code, message } }`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
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
