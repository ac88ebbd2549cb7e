import { hash } from 'node:crypto';

/** Stable per (tenant, member): reconnecting the same member updates the same connection. */
export function connectionIdFor(tenantId: string, memberSub: string): string {
  return `conn_${hash('sha256', `${tenantId}\u0000${memberSub}`, 'base64url').slice(0, 24)}`;
}
