import type { TokenRecord } from './token-record.ts';

export type PutOutcome = 'stored' | 'stale';

/** Token records by connection. Writes are compare-and-set on `version`. */
export interface TokenStore {
  /** Stores `record` only if its version is newer than the stored one. */
  put(record: TokenRecord): Promise<PutOutcome>;
  get(connectionId: string): Promise<TokenRecord | null>;
  listByTenant(tenantId: string): Promise<TokenRecord[]>;
}
