import type {
  ConnectionStatus,
  ConnectionView,
  TokenIssued,
  TokensAwaitRequest,
  TokensGetReply,
} from '@li-bus/contracts';
import type { TokenKeeperClient } from './token-keeper-client.ts';
import { TokensGetError } from './tokens-get-error.ts';

/** The token fields of `token.issued` / `token.refreshed`. */
export type StoredTokens = Omit<TokenIssued, 'eventId'>;

/** A connection as the in-memory token-keeper holds it. */
export interface StoredConnection extends StoredTokens {
  connectedAt: string;
  /** Stored status (`active` unless revoked or marked); `expired` is also derived from the clock. */
  status: ConnectionStatus;
  /** When the stored status was written (a revoke older than the stored tokens is stale). */
  statusAt?: string;
}

/** Token-keeper in memory, for tests: the same answers and error codes, no Redis, no bus. */
export interface InMemoryTokenKeeper extends TokenKeeperClient {
  readonly records: ReadonlyMap<string, StoredConnection>;
  /** `token.issued` / `token.refreshed`: newer tokens win; a stored refresh token is kept when none comes. */
  store(tokens: StoredTokens): void;
  /** `token.revoked`, unless the stored tokens are newer than `revokedAt`. */
  revoke(connectionId: string, revokedAt?: string): void;
  /** Marks a stored connection as token-keeper's scheduler or a failed refresh would (`reauth_required`, …). */
  setStatus(connectionId: string, status: ConnectionStatus): void;
}

const at = (iso: string | undefined) => (iso ? Date.parse(iso) : -Infinity);

export function createInMemoryTokenKeeper(options: { now?: () => number } = {}): InMemoryTokenKeeper {
  const now = options.now ?? Date.now;
  const records = new Map<string, StoredConnection>();
  const written = new Set<() => void>();
  const wrote = () => written.forEach((wake) => wake());

  function find(connectionId: string): StoredConnection {
    const record = records.get(connectionId);
    if (!record) throw new TokensGetError('not_found', `no connection ${connectionId}`);
    return record;
  }
  const statusOf = (r: StoredConnection): ConnectionStatus =>
    r.status === 'active' && at(r.accessTokenExpiresAt) <= now() ? 'expired' : r.status;
  const view = (r: StoredConnection): ConnectionView => ({
    connectionId: r.connectionId,
    tenantId: r.tenantId,
    status: statusOf(r),
    member: r.member,
    organizations: r.organizations,
    scopes: r.scopes,
    connectedAt: r.connectedAt,
    accessTokenExpiresAt: r.accessTokenExpiresAt,
    ...(r.refreshTokenExpiresAt ? { refreshTokenExpiresAt: r.refreshTokenExpiresAt } : {}),
  });
  const reflects = (r: StoredConnection | undefined, { event, version }: TokensAwaitRequest) => {
    if (!r) return false;
    const wanted = Date.parse(version);
    if (event === 'token.issued') return at(r.issuedAt) >= wanted;
    if (event === 'token.refreshed') return at(r.issuedAt) >= wanted || at(r.statusAt) >= wanted;
    return at(r.statusAt) >= wanted || at(r.issuedAt) > wanted;
  };

  return {
    records,
    store(tokens) {
      const known = records.get(tokens.connectionId);
      if (known && at(tokens.issuedAt) < at(known.issuedAt)) return; // a stale event never overwrites
      const refreshToken = tokens.refreshToken ?? known?.refreshToken;
      const refreshTokenExpiresAt = tokens.refreshTokenExpiresAt ?? known?.refreshTokenExpiresAt;
      records.set(tokens.connectionId, {
        ...tokens,
        ...(refreshToken ? { refreshToken } : {}),
        ...(refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}),
        connectedAt: known?.connectedAt ?? tokens.issuedAt,
        status: 'active',
      });
      wrote();
    },
    revoke(connectionId, revokedAt = new Date(now()).toISOString()) {
      const known = records.get(connectionId);
      if (!known || at(known.issuedAt) > at(revokedAt)) return;
      records.set(connectionId, { ...known, status: 'revoked', statusAt: revokedAt });
      wrote();
    },
    setStatus(connectionId, status) {
      const known = find(connectionId);
      records.set(connectionId, { ...known, status, statusAt: new Date(now()).toISOString() });
      wrote();
    },
    async get(connectionId): Promise<TokensGetReply> {
      const record = find(connectionId);
      const { connectedAt: _c, refreshTokenExpiresAt: _r, ...reply } = view(record);
      if (reply.status === 'revoked' || reply.status === 'reauth_required' || reply.status === 'expired') {
        throw new TokensGetError(reply.status);
      }
      return { ...reply, accessToken: record.accessToken };
    },
    status: async (connectionId) => view(find(connectionId)),
    list: async (tenantId) => [...records.values()].filter((r) => r.tenantId === tenantId).map(view),
    async refreshToken(connectionId) {
      const record = find(connectionId);
      const { connectedAt: _c, ...current } = view(record);
      if (current.status === 'revoked' || current.status === 'reauth_required') {
        throw new TokensGetError(current.status);
      }
      const { refreshToken, refreshTokenExpiresAt } = record;
      if (!refreshToken || (refreshTokenExpiresAt && at(refreshTokenExpiresAt) <= now())) {
        throw new TokensGetError('reauth_required', 'no usable refresh token');
      }
      return { ...current, refreshToken };
    },
    awaitStored(request) {
      const done = () => reflects(records.get(request.connectionId), request);
      if (done()) return Promise.resolve(view(find(request.connectionId)));
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          written.delete(wake);
          settle();
        };
        const wake = () => {
          if (done()) finish(() => resolve(view(find(request.connectionId))));
        };
        const timer = setTimeout(
          () =>
            finish(() =>
              reject(
                new TokensGetError('not_stored', `${request.event} of ${request.connectionId} is not stored`),
              ),
            ),
          request.waitMs,
        );
        written.add(wake);
      });
    },
  };
}
