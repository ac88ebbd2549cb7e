/** A LinkedIn REST answer other than success, with the details `post.failed` reports. */
export class LinkedInApiError extends Error {
  readonly status: number;
  readonly serviceErrorCode: number | undefined;
  readonly linkedinCode: string | undefined;
  /** For 422 DUPLICATE_POST: the URN of the post that already exists. */
  readonly duplicateOf: string | undefined;
  constructor(status: number, body: unknown) {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    super(typeof fields['message'] === 'string' ? fields['message'] : `LinkedIn answered ${status}`);
    this.name = 'LinkedInApiError';
    this.status = status;
    this.serviceErrorCode =
      typeof fields['serviceErrorCode'] === 'number' ? fields['serviceErrorCode'] : undefined;
    const inputErrors = (fields['errorDetails'] as { inputErrors?: { code?: unknown }[] } | undefined)
      ?.inputErrors;
    const inputCode = inputErrors?.find((item) => typeof item.code === 'string')?.code as string | undefined;
    this.linkedinCode = typeof fields['code'] === 'string' ? fields['code'] : inputCode;
    this.duplicateOf =
      this.linkedinCode === 'DUPLICATE_POST'
        ? /urn:li:(?:share|ugcPost):\d+/.exec(this.message)?.[0]
        : undefined;
  }

  /** The `linkedin` block of `post.failed`. */
  details() {
    return {
      status: this.status,
      ...(this.serviceErrorCode !== undefined ? { serviceErrorCode: this.serviceErrorCode } : {}),
      ...(this.linkedinCode !== undefined ? { code: this.linkedinCode } : {}),
    };
  }
}
