import type { NoticeMarkers, StoredStatus, TokenRecord } from './token-record.ts';
import type { TokenPart } from './token-write.ts';

/**
 * The record hash: `version`/`record`/`ae` (access-token part, its JSON and expiry ms), `rversion`/`rt`/`re`
 * (sealed refresh token and its horizon ms), `status`/`sversion`, `ca` (connected at, ms), `rev`, and the
 * scheduler's notice markers.
 */
export const MARKER_FIELDS = { refreshDue: 'n:due', expiry: 'n:exp', refreshToken: 'n:rt' } as const;

type Hash = Record<string, string>;

/** The skeleton's single-JSON record (no `rev` field). */
interface LegacyPart extends TokenPart {
  version?: number;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
  connectedAt?: string;
  status?: StoredStatus;
}

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
  const part = JSON.parse(hash['record']) as LegacyPart;
  const version = Number(hash['version']);
  if (hash['rev'] === undefined) {
    const { refreshToken, refreshTokenExpiresAt, connectedAt, status, version: _v, ...tokens } = part;
    return {
      ...tokens,
      ...(refreshToken ? { refreshToken } : {}),
      ...(refreshTokenExpiresAt ? { refreshTokenExpiresAt } : {}),
      connectedAt: connectedAt ?? part.issuedAt,
      status: status ?? 'active',
      version,
      revision: 0,
      notices: {},
    };
  }
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

/** Field/value pairs that rewrite a skeleton record into the current layout (empty when it is current). */
export function legacyUpgradeFields(hash: Hash): string[] {
  if (hash['rev'] !== undefined || hash['record'] === undefined) return [];
  const part = JSON.parse(hash['record']) as LegacyPart;
  const { refreshToken, refreshTokenExpiresAt, connectedAt, status, version: _v, ...tokens } = part;
  const version = hash['version'] ?? String(Date.parse(part.issuedAt));
  const fields = ['record', JSON.stringify(tokens), 'ae', String(Date.parse(tokens.accessTokenExpiresAt))];
  fields.push('status', status ?? 'active', 'sversion', version, 'rev', '1');
  fields.push('ca', String(Date.parse(connectedAt ?? part.issuedAt)));
  if (refreshToken) {
    fields.push('rt', refreshToken, 'rversion', version);
    if (refreshTokenExpiresAt) fields.push('re', String(Date.parse(refreshTokenExpiresAt)));
  }
  return fields;
}
