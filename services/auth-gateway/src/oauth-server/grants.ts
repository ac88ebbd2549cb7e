import { randomUUID } from 'node:crypto';
import { createConnectionGenerations } from './connection-generations.ts';
import { OAuthError } from './oauth-error.ts';
import type { OAuthStore } from './oauth-store.ts';
import type { AccessTokenRecord, GrantBinding, OAuthClient } from './records.ts';
import { newToken, PKCE_VALUE, s256, sameDigest } from '../oauth-core/tokens.ts';

export interface GrantTtls {
  authCodeTtlSeconds: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long a client is kept once it exchanged its first code. */
  clientRegistrationTtlSeconds: number;
}

/** RFC 6749 §5.1 answer. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
  /** An extra parameter (RFC 6749 §5.1 allows them): the connection the token acts for, for `/v1/posts`. */
  connection_id: string;
}

export interface Grants {
  /** A code bound to the connection's current grant generation. */
  issueCode(binding: GrantBinding & { redirectUri: string; codeChallenge: string }): Promise<string>;
  redeemCode(input: {
    client: OAuthClient;
    code: string;
    redirectUri: string | undefined;
    codeVerifier: string | undefined;
  }): Promise<TokenResponse>;
  refresh(input: {
    client: OAuthClient;
    refreshToken: string;
    scope: string[] | undefined;
  }): Promise<TokenResponse>;
  /** RFC 7009: unknown tokens and other clients' tokens are ignored (the caller still answers 200). */
  revoke(input: { client: OAuthClient; token: string }): Promise<void>;
  /** The live access token's binding, or null (unknown, expired, or its family revoked). */
  verifyAccessToken(token: string): Promise<AccessTokenRecord | null>;
  /**
   * Ends every code, access token and refresh token issued for the connection so far (it was revoked, or the
   * member connected again): codes and tokens issued afterwards work.
   */
  endConnectionGrants(connectionId: string): Promise<void>;
}

const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);

export function createGrants(store: OAuthStore, ttls: GrantTtls, now: () => number = Date.now): Grants {
  const refreshExpiry = () => now() + ttls.refreshTokenTtlSeconds * 1000;
  const generations = createConnectionGenerations(store);
  const connectionChanged = () => invalidGrant('the connection was revoked or connected again since');

  /** Keeps a client that completed an authorization for the full registration TTL (RFC 7591 clients). */
  async function confirmClient(client: OAuthClient): Promise<void> {
    // A metadata document client is not stored: its document is what a later request reads again.
    if (client.confirmedAt !== undefined || client.fromMetadataDocument) return;
    await store.clients.put({
      ...client,
      confirmedAt: now(),
      expiresAt: client.issuedAt + ttls.clientRegistrationTtlSeconds * 1000,
    });
  }

  async function revokeFamily(familyId: string): Promise<void> {
    const family = await store.families.get(familyId);
    if (family && !family.value.revoked)
      await store.families.put(familyId, { ...family.value, revoked: true });
  }

  async function issueTokens(binding: GrantBinding, familyId: string): Promise<TokenResponse> {
    const accessToken = newToken('accessToken');
    const refreshToken = newToken('refreshToken');
    const bound = {
      clientId: binding.clientId,
      connectionId: binding.connectionId,
      tenantId: binding.tenantId,
      scope: binding.scope,
      ...(binding.resource ? { resource: binding.resource } : {}),
      familyId,
    };
    await store.accessTokens.create(accessToken, {
      ...bound,
      expiresAt: now() + ttls.accessTokenTtlSeconds * 1000,
    });
    await store.refreshTokens.create(refreshToken, { ...bound, used: false, expiresAt: refreshExpiry() });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ttls.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      scope: binding.scope.join(' '),
      connection_id: binding.connectionId,
    };
  }

  return {
    async issueCode(binding) {
      const code = newToken('authorizationCode');
      const { generation } = await generations.current(binding.connectionId, refreshExpiry());
      await store.codes.create(code, {
        ...binding,
        connectionGeneration: generation,
        expiresAt: now() + ttls.authCodeTtlSeconds * 1000,
      });
      return code;
    },

    async redeemCode({ client, code, redirectUri, codeVerifier }) {
      const found = await store.codes.get(code);
      if (!found || found.value.clientId !== client.clientId) {
        throw invalidGrant('the code is unknown, expired or was issued to another client');
      }
      const record = found.value;
      if (record.redeemedByFamily) {
        await revokeFamily(record.redeemedByFamily);
        throw invalidGrant('the code was already used; the tokens issued for it are revoked');
      }
      // PKCE binds the code to its client; a redirect_uri that is sent must still be the authorized one.
      if (redirectUri !== undefined && redirectUri !== record.redirectUri) {
        throw invalidGrant('redirect_uri does not match the authorization request');
      }
      // A metadata document may have changed since the code was issued: it must still list the redirect URI.
      if (!client.redirectUris.includes(record.redirectUri)) {
        throw new OAuthError(
          'invalid_client',
          'the client no longer lists the redirect URI the code was issued for',
        );
      }
      if (!codeVerifier || !PKCE_VALUE.test(codeVerifier)) {
        throw new OAuthError('invalid_request', 'code_verifier is missing or malformed (RFC 7636 §4.1)');
      }
      if (!sameDigest(s256(codeVerifier), record.codeChallenge)) {
        throw invalidGrant('code_verifier does not match the code_challenge');
      }
      const { generation } = await generations.current(record.connectionId, refreshExpiry());
      if (record.connectionGeneration !== generation) throw connectionChanged();
      const familyId = randomUUID();
      const claimed = await store.codes.update(
        code,
        { ...record, redeemedByFamily: familyId },
        found.revision,
      );
      if (!claimed) {
        const winner = (await store.codes.get(code))?.value.redeemedByFamily;
        if (winner) await revokeFamily(winner);
        throw invalidGrant('the code was already used; the tokens issued for it are revoked');
      }
      await store.families.create(familyId, {
        clientId: client.clientId,
        revoked: false,
        connectionGeneration: generation,
        expiresAt: refreshExpiry(),
      });
      await confirmClient(client);
      return issueTokens(record, familyId);
    },

    async refresh({ client, refreshToken, scope }) {
      const found = await store.refreshTokens.get(refreshToken);
      if (!found || found.value.clientId !== client.clientId) {
        throw invalidGrant('the refresh token is unknown, expired or was issued to another client');
      }
      const record = found.value;
      const family = await store.families.get(record.familyId);
      if (!family || family.value.revoked) throw invalidGrant('the grant was revoked');
      if (record.used) {
        await revokeFamily(record.familyId);
        throw invalidGrant('the refresh token was already used; the whole grant is revoked');
      }
      // Also keeps the generation alive as long as the family; a family from before generations is adopted only
      // when its connection has none yet (it was never revoked or reconnected since).
      const current = await generations.current(record.connectionId, refreshExpiry());
      const ownGeneration = family.value.connectionGeneration;
      if (ownGeneration === undefined ? !current.created : ownGeneration !== current.generation) {
        throw connectionChanged();
      }
      const narrowed = scope ?? record.scope;
      if (narrowed.some((s) => !record.scope.includes(s))) {
        throw new OAuthError('invalid_scope', 'a refresh may only keep or narrow the granted scope');
      }
      if (!(await store.refreshTokens.update(refreshToken, { ...record, used: true }, found.revision))) {
        await revokeFamily(record.familyId);
        throw invalidGrant('the refresh token was used twice at once; the whole grant is revoked');
      }
      // Rewritten (compare-and-set, so a concurrent revocation wins) to live as long as its newest token.
      const touched = await store.families.update(
        record.familyId,
        { ...family.value, connectionGeneration: current.generation, expiresAt: refreshExpiry() },
        family.revision,
      );
      if (!touched)
        throw invalidGrant('the grant changed while refreshing; try again with a new authorization');
      return issueTokens({ ...record, scope: narrowed }, record.familyId);
    },

    async revoke({ client, token }) {
      const refresh = await store.refreshTokens.get(token);
      if (refresh && refresh.value.clientId === client.clientId) {
        await revokeFamily(refresh.value.familyId);
        return;
      }
      const access = await store.accessTokens.get(token);
      if (access && access.value.clientId === client.clientId) await store.accessTokens.delete(token);
    },

    async verifyAccessToken(token) {
      const found = await store.accessTokens.get(token);
      if (!found) return null;
      const family = await store.families.get(found.value.familyId);
      if (!family || family.value.revoked) return null;
      const current = await generations.isCurrent(
        found.value.connectionId,
        family.value.connectionGeneration,
      );
      return current ? found.value : null;
    },

    async endConnectionGrants(connectionId) {
      const longest = Math.max(
        ttls.refreshTokenTtlSeconds,
        ttls.accessTokenTtlSeconds,
        ttls.authCodeTtlSeconds,
      );
      await generations.renew(connectionId, now() + longest * 1000);
    },
  };
}
