/** OAuth records shared by the authorization server, caller authentication and the connect flow. */

/** An `/oauth/authorize` request between the consent page and LinkedIn's callback. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge: string;
  scope: string[];
  resource?: string;
  /** Binds the consent form to the browser that saw it (cookie nonce digest). */
  nonceDigest: string;
  expiresAt: number;
}

/** What a code, an access token and a refresh token are all bound to. */
export interface GrantBinding {
  clientId: string;
  connectionId: string;
  tenantId: string;
  scope: string[];
  resource?: string;
}

export interface AccessTokenRecord extends GrantBinding {
  familyId: string;
  expiresAt: number;
}

/** Looks an access token up: its record while it is valid, else null. */
export type VerifyAccessToken = (token: string) => Promise<AccessTokenRecord | null>;
