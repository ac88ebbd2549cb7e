import type { NoticeMarkers, StoredStatus, TokenRecord } from './token-record.ts';
import type { TokenPart } from './token-write.ts';

/**
 * The record hash: `version`/`record`/`ae` (access-token part, its JSON and expiry ms), `rversion`/`rt`/`re`
 * (sealed refresh token and its horizon ms), `status`/`sversion`, `ca` (connected at, ms), `rev`, and the
 * scheduler's notice markers.
 */
export const MARKER_FIELDS = { refreshDue: 'n:due', expiry: 'n:exp', refreshToken: 'n:rt' } as const;

type Hash = Record<string, string>;

const iso = (ms: number) => new Date(ms).toISOString();

export function hashFromFlat(flat: unknown[]): Hash {
  const hash: Hash = {};
  for (let i = 0; i + 1 < flat.length; i += 2) hash[String(flat[i])] = String(flat[i + 1]);
  return hash;
}

function markersOf(hash: Hash): NoticeMarkers {
  const markers: NoticeMarkers = {};
  for (const [name, field] of Object.entries(MARKER_FIELDS) as [keyof NoticeMarkers, string][]) {
    const value = hash[field];
    if (value !== undefined) markers[name] = value;
  }
  return markers;
}

export function recordFromHash(hash: Hash): TokenRecord | null {
  if (hash['record'] === undefined) return null;
  const part = JSON.parse(hash['record']) as TokenPart;
  const version = Number(hash['version']);
  return {
    connectionId: part.connectionId,
    tenantId: part.tenantId,
    member: part.member,
    organizations: part.organizations,
    scopes: part.scopes,
    accessToken: part.accessToken,
    accessTokenExpiresAt: part.accessTokenExpiresAt,
    ...(hash['rt'] ? { refreshToken: hash['rt'] } : {}),
    ...(hash['re'] ? { refreshTokenExpiresAt: iso(Number(hash['re'])) } : {}),
    issuedAt: part.issuedAt,
    connectedAt: iso(Number(hash['ca'] ?? version)),
    status: (hash['status'] ?? 'active') as StoredStatus,
    version,
    ...(hash['sversion'] ? { statusVersion: Number(hash['sversion']) } : {}),
    revision: Number(hash['rev']),
    notices: markersOf(hash),
  };
}
