import type { ConnectionView, TokensGetReply } from '@li-bus/contracts';
import { TokensGetError, type TokenKeeperHandlers } from '@li-bus/token-keeper-client';
import type { SchedulePolicy } from './schedule-policy.ts';
import { statusAt, type TokenRecord } from './token-record.ts';
import type { TokenStore } from './token-store.ts';

export function viewOf(record: TokenRecord, now: number, policy: SchedulePolicy): ConnectionView {
  return {
    connectionId: record.connectionId,
    tenantId: record.tenantId,
    status: statusAt(record, now, policy),
    member: record.member,
    organizations: record.organizations,
    scopes: record.scopes,
    connectedAt: record.connectedAt,
    accessTokenExpiresAt: record.accessTokenExpiresAt,
    ...(record.refreshTokenExpiresAt ? { refreshTokenExpiresAt: record.refreshTokenExpiresAt } : {}),
  };
}

/**
 * Answers `tokens.get` (the sealed access token while usable, else a design code), `tokens.status`, `tokens.list`
 * and `tokens.refresh-token`.
 */
export function createTokenKeeperHandlers(deps: {
  store: TokenStore;
  policy: SchedulePolicy;
  now: () => number;
}): TokenKeeperHandlers {
  const view = (record: TokenRecord) => viewOf(record, deps.now(), deps.policy);
  async function find(connectionId: string): Promise<TokenRecord> {
    const record = await deps.store.get(connectionId);
    if (!record) throw new TokensGetError('not_found', `no connection ${connectionId}`);
    return record;
  }
  return {
    'tokens.get': async ({ connectionId }): Promise<TokensGetReply> => {
      const record = await find(connectionId);
      const current = view(record);
      if (
        current.status === 'revoked' ||
        current.status === 'reauth_required' ||
        current.status === 'expired'
      ) {
        throw new TokensGetError(current.status);
      }
      const { connectedAt: _connectedAt, refreshTokenExpiresAt: _refresh, ...reply } = current;
      return { ...reply, accessToken: record.accessToken };
    },
    'tokens.status': async ({ connectionId }) => view(await find(connectionId)),
    /** For the gateway's refresh executor: the sealed refresh token while it can still be used. */
    'tokens.refresh-token': async ({ connectionId }) => {
      const record = await find(connectionId);
      const current = view(record);
      if (current.status === 'revoked' || current.status === 'reauth_required') {
        throw new TokensGetError(current.status);
      }
      const horizon = record.refreshTokenExpiresAt ? Date.parse(record.refreshTokenExpiresAt) : Infinity;
      if (!record.refreshToken || horizon <= deps.now()) {
        throw new TokensGetError('reauth_required', 'no usable refresh token');
      }
      const { connectedAt: _connectedAt, ...reply } = current;
      return { ...reply, refreshToken: record.refreshToken };
    },
    'tokens.list': async ({ tenantId }) => ({
      connections: (await deps.store.listByTenant(tenantId)).map(view),
    }),
  };
}
