import type { StoredStatus, TokenRecord } from './token-record.ts';
import type { TokenWrite } from './token-write.ts';

/** `stored`: the access-token part was replaced; `merged`: only a newer refresh token was kept; `stale`: nothing. */
export type WriteOutcome = 'stored' | 'merged' | 'stale';

export interface WriteResult {
  outcome: WriteOutcome;
  /** The record after the write (null when stale). */
  record: TokenRecord | null;
}

export type StatusOutcome = 'stored' | 'stale' | 'unknown';

export interface StatusChange {
  connectionId: string;
  status: Extract<StoredStatus, 'revoked' | 'reauth_required'>;
  /** The event's time (ms): the status's version. */
  version: number;
}

export interface RecordPage {
  cursor: string;
  records: TokenRecord[];
}

/** Token records by connection. Every write is one atomic, versioned compare-and-set (Lua). */
export interface TokenStore {
  /** Merges a token event; `now` is when the connection becomes due for (re-)evaluation. */
  writeTokens(write: TokenWrite, now: number): Promise<WriteResult>;
  writeStatus(change: StatusChange): Promise<StatusOutcome>;
  get(connectionId: string): Promise<TokenRecord | null>;
  getMany(connectionIds: string[]): Promise<(TokenRecord | null)[]>;
  listByTenant(tenantId: string): Promise<TokenRecord[]>;
  /** One page of every stored record (SCAN), for rebuilding the schedule; cursor '0' starts and ends. */
  scan(cursor: string, count: number): Promise<RecordPage>;
}
