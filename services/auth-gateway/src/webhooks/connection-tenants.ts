import { TokensGetError } from '@li-bus/token-keeper-client';
import type { TokenKeeperClient } from '@li-bus/token-keeper-client';

export interface ConnectionTenants {
  /** The tenant a connection belongs to; null when token-keeper does not know it. Other failures throw. */
  tenantOf(connectionId: string): Promise<string | null>;
}

/**
 * Tenants of connections from token-keeper (`tokens.status`, which answers for revoked and expired connections
 * too), remembered: a connection's tenant never changes (its id is derived from tenant and member).
 */
export function createConnectionTenants(
  deps: { tokenKeeper: Pick<TokenKeeperClient, 'status'> },
  options: { maxEntries?: number } = {},
): ConnectionTenants {
  const maxEntries = options.maxEntries ?? 50_000;
  const known = new Map<string, string>();
  return {
    async tenantOf(connectionId) {
      const cached = known.get(connectionId);
      if (cached !== undefined) return cached;
      try {
        const { tenantId } = await deps.tokenKeeper.status(connectionId);
        if (known.size >= maxEntries) known.delete(known.keys().next().value ?? '');
        known.set(connectionId, tenantId);
        return tenantId;
      } catch (error) {
        if (
          error instanceof TokensGetError &&
          (error.code === 'not_found' || error.code === 'invalid_request')
        )
          return null;
        throw error;
      }
    },
  };
}
