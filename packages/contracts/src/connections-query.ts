import { z } from 'zod';
import { connectionId, connectionStatus, isoDateTime, member, organization } from './common.ts';

/** A connection as operators and the gateway's connection API see it: no tokens, sealed or not. */
export const connectionView = z.object({
  connectionId,
  tenantId: z.string(),
  status: connectionStatus,
  member,
  organizations: z.array(organization),
  scopes: z.array(z.string()),
  connectedAt: isoDateTime,
  accessTokenExpiresAt: isoDateTime,
  refreshTokenExpiresAt: isoDateTime.optional(),
});
export type ConnectionView = z.infer<typeof connectionView>;

export const tokensStatusRequest = z.object({ connectionId });
export const tokensStatusReply = connectionView;

export const tokensListRequest = z.object({ tenantId: z.string().min(1).max(128) });
export const tokensListReply = z.object({ connections: z.array(connectionView) });
export type TokensListReply = z.infer<typeof tokensListReply>;
