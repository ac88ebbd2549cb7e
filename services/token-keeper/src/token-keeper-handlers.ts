import type { ConnectionView, TokensGetReply } from '@li-bus/contracts';
import { TokensGetError, type TokenKeeperHandlers } from '@li-bus/messaging';
import { statusAt, type TokenRecord } from './token-record.ts';
import type { TokenStore } from './token-store.ts';

export function viewOf(record: TokenRecord, now: number): ConnectionView {
  return {
    connectionId: record.connectionId,
    tenantId: record.tenantId,
    status: statusAt(record, now),
    member: record.member,
    organizations: record.organizations,
    scopes: record.scopes,
    connectedAt: record.connectedAt,
    accessTokenExpiresAt: record.accessTokenExpiresAt,
    ...(record.refreshTokenExpiresAt ? { refreshTokenExpiresAt: record.refreshTokenExpiresAt } : {}),
  };
}

/** Answers `tokens.get` (the sealed access token while usable, else a design code), `tokens.status`, `tokens.list`. */
export function createTokenKeeperHandlers(deps: {
  store: TokenStore;
  now: () => number;
}): TokenKeeperHandlers {
  async function find(connectionId: string): Promise<TokenRecord> {
    const record = await deps.store.get(connectionId);
    if (!record) throw new TokensGetError('not_found', `no connection ${connectionId}`);
    return record;
  }
  return {
    'tokens.get': async ({ connectionId }): Promise<TokensGetReply> => {
      const record = await find(connectionId);
      const view = viewOf(record, deps.now());
      if (view.status === 'revoked' || view.status === 'reauth_required' || view.status === 'expired') {
        throw new TokensGetError(view.status);
      }
      const { connectedAt: _connectedAt, refreshTokenExpiresAt: _refresh, ...reply } = view;
      return { ...reply, accessToken: record.accessToken };
    },
    'tokens.status': async ({ connectionId }) => viewOf(await find(connectionId), deps.now()),
    'tokens.list': async ({ tenantId }) => ({
      connections: (await deps.store.listByTenant(tenantId)).map((record) => viewOf(record, deps.now())),
    }),
  };
}
