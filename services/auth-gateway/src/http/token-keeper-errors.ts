import { TokensGetError } from '@li-bus/token-keeper-client';
import { HttpError } from './errors.ts';

/** token-keeper's answers as HTTP: unknown → 404, no answer → 503. */
export function fromTokenKeeper(error: unknown): never {
  if (error instanceof TokensGetError && error.code === 'not_found') {
    throw new HttpError(404, 'not_found', 'no such connection');
  }
  throw new HttpError(503, 'token_keeper_unavailable', 'connection store unavailable, try again', {
    cause: error,
  });
}
