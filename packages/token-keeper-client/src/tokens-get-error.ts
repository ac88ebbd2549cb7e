import { TOKENS_GET_ERRORS, type TokensGetErrorCode } from '@li-bus/contracts';
import { ServiceReplyError } from '@li-bus/messaging';

/** A `tokens.*` failure with one of the design's codes (`not_found`, `reauth_required`, `expired`, `revoked`, …). */
export class TokensGetError extends ServiceReplyError {
  declare readonly code: TokensGetErrorCode;
  constructor(code: TokensGetErrorCode, message: string = code, options: { cause?: unknown } = {}) {
    super(code, TOKENS_GET_ERRORS[code], message, options);
    this.name = 'TokensGetError';
  }
}

export const isTokensGetErrorCode = (value: string): value is TokensGetErrorCode =>
  Object.hasOwn(TOKENS_GET_ERRORS, value);
