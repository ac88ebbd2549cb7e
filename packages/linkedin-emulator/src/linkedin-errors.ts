/**
 * LinkedIn's error bodies, one factory per documented case (reference §1.2, §4.1, §9). Routes throw these and
 * the error handler answers with `status`, `headers` and `body` unchanged.
 */
export class LinkedInError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : code);
    this.name = 'LinkedInError';
    this.status = status;
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
}

export function restError(
  status: number,
  code: string,
  message: string,
  serviceErrorCode?: number,
): LinkedInError {
  const body: Record<string, unknown> = { status };
  if (serviceErrorCode !== undefined) body['serviceErrorCode'] = serviceErrorCode;
  body['code'] = code;
  body['message'] = message;
  return new LinkedInError(status, code, body);
}

/** Token endpoint errors: `{error, error_description}`. */
export function oauthError(status: number, error: string, description: string): LinkedInError {
  return new LinkedInError(status, error, { error, error_description: description });
}

export const OAUTH_TEXT = {
  codeNotFound: 'Unable to retrieve access token: authorization code not found',
  codeMismatch:
    'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists',
  badRefreshToken: 'The provided authorization grant or refresh token is invalid, expired or revoked',
  clientAuthFailed: 'Client authentication failed',
  invalidClientId: 'The passed in client_id is invalid',
  invalidToken: 'The passed in token is invalid',
} as const;

export function missingParameter(name: string): LinkedInError {
  return oauthError(400, 'invalid_request', `A required parameter "${name}" is missing`);
}

export function emptyAccessToken(): LinkedInError {
  return new LinkedInError(401, 'EMPTY_ACCESS_TOKEN', {
    message: 'Empty oauth2_access_token',
    serviceErrorCode: 401,
    status: 401,
  });
}

/** Documented choice: the body of a non-Bearer scheme is unconfirmed; this mirrors the empty-token shape. */
export function unknownAuthenticationSchema(): LinkedInError {
  return new LinkedInError(401, 'UNKNOWN_AUTHENTICATION_SCHEMA', {
    message: 'Unknown authentication schema',
    serviceErrorCode: 401,
    status: 401,
  });
}

export const invalidAccessToken = (): LinkedInError =>
  restError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
export const revokedAccessToken = (): LinkedInError =>
  restError(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user', 65601);
export const expiredAccessToken = (): LinkedInError =>
  restError(401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired', 65602);

/** `resource` is e.g. `userinfo.GET.NO_VERSION` or `partnerApiPostsExternal.CREATE.20260101`. */
export const accessDenied = (resource: string): LinkedInError =>
  restError(403, 'ACCESS_DENIED', `Not enough permissions to access: ${resource}`, 100);

export function versionMissing(): LinkedInError {
  return new LinkedInError(
    400,
    'VERSION_MISSING',
    {
      status: 400,
      code: 'VERSION_MISSING',
      message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
    },
    { 'x-restli-gateway-error': 'true' },
  );
}

export function nonexistentVersion(echoed: string): LinkedInError {
  return new LinkedInError(426, 'NONEXISTENT_VERSION', {
    status: 426,
    code: 'NONEXISTENT_VERSION',
    message: `Requested version ${echoed} is not active`,
  });
}

/** Documented choice: the real body for a repeated header is unknown. */
export const duplicateHeader = (name: string): LinkedInError =>
  restError(400, 'DUPLICATE_HEADER', `Header ${name} must not be sent more than once`);

/** Documented choice: the real answer to a missing or wrong `X-Restli-Protocol-Version` is unknown. */
export const invalidProtocolVersion = (): LinkedInError =>
  restError(
    400,
    'INVALID_PROTOCOL_VERSION',
    'The X-Restli-Protocol-Version header must be 2.0.0 on versioned APIs',
  );

export interface InputError {
  fieldPath: string;
  code: string;
  description: string;
}

/** Rest.li validation shape: `errorDetailType`, an `ERROR :: /path :: text` message and `inputErrors`. */
export function validationError(status: number, errors: InputError[]): LinkedInError {
  const message = errors.map((e) => `ERROR :: /${e.fieldPath} :: ${e.description}\n`).join('');
  const code =
    errors.length === 1 ? (errors[0]?.code ?? 'INVALID_VALUE_FOR_FIELD') : 'MULTIPLE_VALIDATIONS_FAILED';
  return new LinkedInError(status, code, {
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message,
    errorDetails: {
      inputErrors: errors.map((e) => ({
        description: e.description,
        input: { inputPath: { fieldPath: e.fieldPath } },
        code: e.code,
      })),
    },
    status,
  });
}

export function duplicatePost(existingUrn: string): LinkedInError {
  return new LinkedInError(422, 'DUPLICATE_POST', {
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${existingUrn}`,
    errorDetails: {
      inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }],
    },
    status: 422,
  });
}

/** Reference §9.5: 429 without `Retry-After` or any quota headers. */
export const throttleLimitReached = (): LinkedInError =>
  new LinkedInError(429, 'THROTTLED', {
    serviceErrorCode: 101,
    message: 'Resource level throttle limit for calls to this resource is reached.',
    status: 429,
  });

/** Classic shape `{message, status}` for everything else (404, 415, malformed JSON, 500). */
export const plainError = (status: number, message: string): LinkedInError =>
  new LinkedInError(status, `HTTP_${status}`, { message, status });
