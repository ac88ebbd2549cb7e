/** The error codes of RFC 6749 §4.1.2.1 and §5.2, RFC 7591 §3.2.2, RFC 8707 and RFC 6750 §3.1. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'access_denied'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_token'
  | 'insufficient_scope';

/** An OAuth refusal: answered as `{ error, error_description }` (or on the client's redirect URI). */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly status: number;
  constructor(
    code: OAuthErrorCode,
    description: string,
    status = code === 'invalid_client' ? 401 : 400,
    options?: ErrorOptions,
  ) {
    super(description, options);
    this.name = 'OAuthError';
    this.code = code;
    this.status = status;
  }
}
