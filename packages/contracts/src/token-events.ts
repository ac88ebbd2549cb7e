import { z } from 'zod';
import { connectionId, eventId, isoDateTime, member, organization, sealedValue } from './common.ts';

const tokenFields = {
  eventId,
  connectionId,
  tenantId: z.string().min(1).max(128),
  member,
  organizations: z.array(organization),
  scopes: z.array(z.string()),
  accessToken: sealedValue,
  accessTokenExpiresAt: isoDateTime,
  refreshToken: sealedValue.optional(),
  refreshTokenExpiresAt: isoDateTime.optional(),
  issuedAt: isoDateTime,
};

export const tokenIssued = z.object(tokenFields);
export type TokenIssued = z.infer<typeof tokenIssued>;

export const tokenRefreshed = z.object(tokenFields);
export type TokenRefreshed = z.infer<typeof tokenRefreshed>;

export const tokenRefreshDue = z.object({
  eventId,
  connectionId,
  accessTokenExpiresAt: isoDateTime,
  attempt: z.number().int().positive(),
});
export type TokenRefreshDue = z.infer<typeof tokenRefreshDue>;

export const tokenRefreshFailed = z.object({
  eventId,
  connectionId,
  code: z.enum(['reauth_required', 'transient']),
  message: z.string(),
});
export type TokenRefreshFailed = z.infer<typeof tokenRefreshFailed>;

export const tokenExpiring = z.object({
  eventId,
  connectionId,
  expiresAt: isoDateTime,
  reason: z.enum(['no_refresh_token', 'refresh_token_expiring']),
});
export type TokenExpiring = z.infer<typeof tokenExpiring>;

export const tokenExpired = z.object({ eventId, connectionId, expiredAt: isoDateTime });
export type TokenExpired = z.infer<typeof tokenExpired>;

export const tokenRevoked = z.object({ eventId, connectionId, revokedAt: isoDateTime });
export type TokenRevoked = z.infer<typeof tokenRevoked>;
