import { z } from 'zod';
import { connectionId, connectionStatus, isoDateTime, member, organization, sealedValue } from './common.ts';

/**
 * `tokens.refresh-token` (request/reply, auth-gateway → token-keeper): what the refresh executor needs to run a
 * refresh grant. The refresh token stays sealed; only the gateway (the OAuth client) opens it.
 * Errors: `not_found`, `revoked`, `reauth_required` (no refresh token, or it has expired).
 */
export const tokensRefreshTokenRequest = z.object({ connectionId });
export type TokensRefreshTokenRequest = z.infer<typeof tokensRefreshTokenRequest>;

export const tokensRefreshTokenReply = z.object({
  connectionId,
  tenantId: z.string(),
  member,
  organizations: z.array(organization),
  scopes: z.array(z.string()),
  status: connectionStatus,
  accessTokenExpiresAt: isoDateTime,
  refreshToken: sealedValue,
  refreshTokenExpiresAt: isoDateTime.optional(),
});
export type TokensRefreshTokenReply = z.infer<typeof tokensRefreshTokenReply>;
