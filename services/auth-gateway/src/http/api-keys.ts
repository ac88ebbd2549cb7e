import { createHash, timingSafeEqual } from 'node:crypto';

export interface ApiKey {
  /** sha256 of the key: the key itself is not kept in memory longer than parsing. */
  digest: Buffer;
  /** Tenants the key may act for; `*` for all. */
  tenants: ReadonlySet<string> | '*';
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** `GATEWAY_API_KEYS`: comma-separated `key:tenant1|tenant2` or `key:*`. */
export function parseApiKeys(spec: string): ApiKey[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const separator = entry.lastIndexOf(':');
      const key = entry.slice(0, separator);
      const tenants = entry.slice(separator + 1);
      if (separator < 1 || !tenants)
        throw new Error(`entry ${index + 1}: expected key:tenant1|tenant2 or key:*`);
      if (key.length < 16) throw new Error(`entry ${index + 1}: key must be at least 16 characters`);
      return {
        digest: sha256(key),
        tenants: tenants === '*' ? '*' : new Set(tenants.split('|').filter(Boolean)),
      };
    });
}

/** Finds the key in constant time per configured key (every key is compared, whatever matches). */
export function findApiKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const digest = sha256(presented);
  let found: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(key.digest, digest) && !found) found = key;
  return found;
}

export function keyAllowsTenant(key: ApiKey, tenantId: string): boolean {
  return key.tenants === '*' || key.tenants.has(tenantId);
}
