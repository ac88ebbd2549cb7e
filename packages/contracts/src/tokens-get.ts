import { z } from 'zod';
import { connectionId, connectionStatus, isoDateTime, member, organization, sealedValue } from './common.ts';

export const tokensGetRequest = z.object({ connectionId });
export type TokensGetRequest = z.infer<typeof tokensGetRequest>;

export const tokensGetReply = z.object({
  connectionId,
  tenantId: z.string(),
  accessToken: sealedValue,
  accessTokenExpiresAt: isoDateTime,
  member,
  organizations: z.array(organization),
  scopes: z.array(z.string()),
  status: connectionStatus,
});
export type TokensGetReply = z.infer<typeof tokensGetReply>;

/** Service error codes `tokens.get` answers with (NATS services API `Nats-Service-Error-Code`). */
export const TOKENS_GET_ERRORS = {
  invalid_request: 400,
  not_found: 404,
  reauth_required: 401,
  expired: 410,
  revoked: 403,
  internal: 500,
  /** `tokens.await`: the awaited event was not stored within the request's `waitMs`. */
  not_stored: 504,
} as const;
export type TokensGetErrorCode = keyof typeof TOKENS_GET_ERRORS;
