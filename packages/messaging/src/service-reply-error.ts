/** A request answered with a service error: `code` is the service's own name for it, `status` the numeric code. */
export class ServiceReplyError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string = code, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ServiceReplyError';
    this.code = code;
    this.status = status;
  }
}
