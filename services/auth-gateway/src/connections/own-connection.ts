import type { ConnectionView } from '@li-bus/contracts';
import { keyAllowsTenant } from '../http/api-keys.ts';
import { callerMayUse, type Caller } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { fromTokenKeeper } from '../http/token-keeper-errors.ts';
import type { ConnectionsDeps } from './connections-deps.ts';

/** The connection reads need only the API keys' origin and token-keeper's answers. */
interface ReadDeps {
  config: Pick<ConnectionsDeps['config'], 'apiKeys' | 'publicOrigin'>;
  tokenKeeper: Pick<ConnectionsDeps['tokenKeeper'], 'status' | 'list'>;
}

/**
 * A connection the caller may see (`GET`/`DELETE /v1/connections/:id`, its refresh, MCP `get_connection_status`):
 * an API key its tenants' connections, an OAuth token (`connections:read`) only the connection it is bound to.
 * Another tenant's connection is answered like an unknown one (404).
 */
export async function ownConnection(
  deps: ReadDeps,
  caller: Caller,
  connectionId: string,
): Promise<ConnectionView> {
  const origin = deps.config.publicOrigin;
  if (caller.kind === 'oauth') {
    // Checked before asking token-keeper, so a token learns nothing about connections it is not bound to.
    callerMayUse(caller, { tenantId: caller.token.tenantId, connectionId }, 'connections:read', origin);
  }
  const view = await deps.tokenKeeper.status(connectionId).catch(fromTokenKeeper);
  if (!callerMayUse(caller, view, 'connections:read', origin)) {
    throw new HttpError(404, 'not_found', 'no such connection');
  }
  return view;
}

/**
 * The connections a caller may list (`GET /v1/connections?tenantId=` and MCP `list_connections`): an API key
 * the tenant's (403 for a tenant it is not bound to); an OAuth token only its own one connection, whatever
 * `tenantId` says, and none once token-keeper no longer knows it.
 */
export async function listOwnConnections(
  deps: ReadDeps,
  caller: Caller,
  tenantId?: string,
): Promise<ConnectionView[]> {
  if (caller.kind === 'oauth') {
    const own = await ownConnection(deps, caller, caller.token.connectionId).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 404) return null;
      throw error;
    });
    return own ? [own] : [];
  }
  if (tenantId === undefined || !keyAllowsTenant(caller.key, tenantId)) {
    throw new HttpError(403, 'forbidden', 'this API key may not act for that tenant');
  }
  return deps.tokenKeeper.list(tenantId).catch(fromTokenKeeper);
}
