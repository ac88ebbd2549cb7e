import { z } from 'zod';
import { connectionId, isoDateTime } from './common.ts';
import { connectionView } from './connections-query.ts';

/** The events whose write a caller may wait for. */
export const awaitedEvent = z.enum(['token.issued', 'token.refreshed', 'token.revoked']);
export type AwaitedEvent = z.infer<typeof awaitedEvent>;

/**
 * `tokens.await` (request/reply, auth-gateway → token-keeper): read your writes. Answers the connection view once
 * the stored record reflects the event, at the latest after `waitMs` (then the service error `not_stored`):
 * - `token.issued`: the access-token part's version (`issuedAt`) is at least `version`;
 * - `token.refreshed`: the same, or a status (`reauth_required`, `revoked`) stored at or after `version`;
 * - `token.revoked`: the status's version (`revokedAt`) is at least `version`, or newer tokens replaced it.
 * An already stored event costs one read. Every replica answers for writes made by any replica.
 */
export const tokensAwaitRequest = z.object({
  connectionId,
  event: awaitedEvent,
  /** The event's own time: `issuedAt` of a token event, `revokedAt` of `token.revoked`. */
  version: isoDateTime,
  /** How long token-keeper may hold the request before answering `not_stored` (ms). */
  waitMs: z.number().int().min(0).max(30_000),
});
export type TokensAwaitRequest = z.infer<typeof tokensAwaitRequest>;

export const tokensAwaitReply = connectionView;
