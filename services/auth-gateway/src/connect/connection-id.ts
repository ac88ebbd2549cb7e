import { createHash } from 'node:crypto';

/** Stable per (tenant, member): reconnecting the same member updates the same connection. */
export function connectionIdFor(tenantId: string, memberSub: string): string {
  const digest = createHash('sha256').update(`${tenantId}\u0000${memberSub}`, 'utf8').digest('base64url');
  return `conn_${digest.slice(0, 24)}`;
}
