/**
 * `LINKEDIN_VERSION`: `LinkedIn-Version`s in order of preference, comma-separated. The default is the newest
 * version public sources confirm as released and active (reference §9.6, December 2026: 202609).
 */
export const DEFAULT_LINKEDIN_VERSIONS: readonly string[] = ['202609'];

const VERSION = /^\d{4}(0[1-9]|1[0-2])$/;

export class VersionListError extends Error {
  readonly code = 'linkedin_version_list_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'VersionListError';
  }
}

/** Parses `202609,202606`; empty means the default. Throws on a malformed or repeated entry. */
export function parseVersionList(raw: string | undefined): string[] {
  const items = (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) return [...DEFAULT_LINKEDIN_VERSIONS];
  // The message never repeats the value: configuration errors are logged.
  if (!items.every((item) => VERSION.test(item))) {
    throw new VersionListError('must be YYYYMM versions, comma-separated in order of preference');
  }
  if (new Set(items).size !== items.length) throw new VersionListError('a version is listed twice');
  return items;
}
