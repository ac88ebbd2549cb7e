/**
 * When LinkedIn is expected to stop serving a version. LinkedIn's policy: each monthly version is supported for
 * at least a year. Dates LinkedIn's migrations page shows (reference §9.6, snapshots up to December 2026) are
 * used as they are; any other version is taken to sunset on the 15th of its month one year later.
 */
const PUBLISHED_SUNSETS: Record<string, string> = {
  '202510': '2026-10-15',
  '202511': '2026-11-16',
  '202601': '2027-01-15',
  '202602': '2027-02-15',
  '202603': '2027-03-16',
  '202604': '2027-04-15',
  '202605': '2027-05-15',
  '202606': '2027-06-15',
  '202607': '2027-07-15',
  '202609': '2027-09-15',
};

export interface ExpectedSunset {
  /** Epoch ms. */
  at: number;
  source: 'linkedin-migrations-page' | 'one-year-policy';
}

export function expectedSunset(version: string): ExpectedSunset {
  const published = PUBLISHED_SUNSETS[version];
  if (published) return { at: Date.parse(`${published}T00:00:00Z`), source: 'linkedin-migrations-page' };
  const year = Number(version.slice(0, 4));
  const month = Number(version.slice(4, 6));
  return { at: Date.UTC(year + 1, month - 1, 15), source: 'one-year-policy' };
}

export const DAY_MS = 86_400_000;

/** Whole days left before the expected sunset (negative once past). */
export function daysLeft(version: string, nowMs: number): number {
  return Math.floor((expectedSunset(version).at - nowMs) / DAY_MS);
}
