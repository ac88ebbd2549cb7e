import type { FastifyRequest } from 'fastify';
import { findApiKey, type ApiKey } from './api-keys.ts';
import type { AccessTokenRecord, VerifyAccessToken } from '../oauth-core/records.ts';
import { TOKEN_PREFIX } from '../oauth-core/tokens.ts';

type Verify = VerifyAccessToken;
type Verification = Promise<AccessTokenRecord | null>;

export interface RateLimitKeys {
  /**
   * The bucket a request counts against: its API key or OAuth grant once that credential is valid, else its
   * address. A made-up or revoked credential never earns a bucket of its own. OAuth clients authenticate in
   * the body, parsed after the limiter: `/oauth/token` and `/oauth/register` count by address (or API key).
   */
  keyOf(request: FastifyRequest): Promise<string>;
  /**
   * `verifyAccessToken` for the routes: the verification the limiter just made for the request being handled
   * is used once (one KV read per request, not two); any other call reads the store.
   */
  verifyAccessToken: Verify;
  /** Drops what the limiter kept for `request` if its route did not use it (an `onResponse` hook). */
  release(request: FastifyRequest): void;
}

function bearerOrApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

export function createRateLimitKeys(deps: { apiKeys: readonly ApiKey[]; verify: Verify }): RateLimitKeys {
  // A token's verification lives from the limiter to the route's authentication hook of the same request.
  const pending = new Map<string, Verification>();
  const kept = new WeakMap<FastifyRequest, { token: string; verified: Verification }>();

  return {
    async keyOf(request) {
      const address = `ip:${request.ip}`;
      const presented = bearerOrApiKey(request);
      if (!presented) return address;
      const key = findApiKey(deps.apiKeys, presented);
      if (key) return `api-key:${key.digest.toString('base64url')}`;
      if (presented.startsWith(TOKEN_PREFIX.accessToken)) {
        const verified = deps.verify(presented);
        pending.set(presented, verified);
        kept.set(request, { token: presented, verified });
        // A failed read leaves the route to answer (it sees the same failure); the limiter counts by address.
        const token = await verified.catch(() => null);
        if (token) return `oauth-grant:${token.familyId}`;
      }
      return address;
    },
    verifyAccessToken(token) {
      const verified = pending.get(token);
      if (!verified) return deps.verify(token);
      pending.delete(token);
      return verified;
    },
    release(request) {
      const entry = kept.get(request);
      if (entry && pending.get(entry.token) === entry.verified) pending.delete(entry.token);
    },
  };
}
