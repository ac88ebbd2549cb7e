/** What the authorization server keeps (NATS KV); secrets only as sha256 digests, times in epoch ms. */

import type { GrantBinding } from '../oauth-core/records.ts';

export type { AccessTokenRecord, AuthorizationRequest, GrantBinding } from '../oauth-core/records.ts';

export type ClientAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';

/**
 * A client registered through RFC 7591, bound to one tenant; or one known by its Client ID Metadata Document
 * (`fromMetadataDocument`: its `client_id` is the document's URL, it lives in a cache until `expiresAt`, and no
 * tenant reviewed it).
 */
export interface OAuthClient {
  clientId: string;
  clientName?: string;
  redirectUris: string[];
  tokenEndpointAuthMethod: ClientAuthMethod;
  clientSecretDigest?: string;
  scope: string[];
  tenantId: string;
  issuedAt: number;
  /** Until its first code exchange: `issuedAt` + `OAUTH_UNUSED_CLIENT_TTL`; then `OAUTH_CLIENT_REGISTRATION_TTL`. */
  expiresAt: number;
  /** When it first exchanged a code (and so was kept for the full registration TTL). */
  confirmedAt?: number;
  fromMetadataDocument?: true;
}

export interface AuthorizationCodeRecord extends GrantBinding {
  redirectUri: string;
  codeChallenge: string;
  /** The connection's grant generation when the code was issued (see `ConnectionGrants`). */
  connectionGeneration: string;
  expiresAt: number;
  /** Set when redeemed: a second redemption revokes the tokens that family holds (RFC 6749 §4.1.2). */
  redeemedByFamily?: string;
}

/** Every token descended from one code; revoking it (reuse, revocation) ends them all. */
export interface TokenFamily {
  clientId: string;
  revoked: boolean;
  /** The connection's grant generation it belongs to (absent: issued before generations existed). */
  connectionGeneration?: string;
  expiresAt: number;
}

/**
 * One per connection: every code and token family carries the generation it was issued in, and is only good while
 * it is still the connection's. Revoking or reconnecting the connection starts a new generation, which ends them
 * all at once (no listing, no race with a code being redeemed at the same moment).
 */
export interface ConnectionGrants {
  generation: string;
  expiresAt: number;
}

export interface RefreshTokenRecord extends GrantBinding {
  familyId: string;
  expiresAt: number;
  /** Rotated: a refresh token is good once; showing it again means it was stolen. */
  used: boolean;
}
