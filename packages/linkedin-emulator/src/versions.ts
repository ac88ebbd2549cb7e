/**
 * `LinkedIn-Version: YYYYMM` and the table of versions LinkedIn serves (reference §9.6): a version is accepted
 * from its release until its sunset, judged by the emulated clock; any other (not released, sunset, never
 * released like 202512) answers 426 NONEXISTENT_VERSION. `POST /_emulator/versions` replaces the table.
 */
export interface ApiVersion {
  year: number;
  month: number;
}

export interface VersionEntry {
  /** `YYYYMM`. */
  version: string;
  /** Epoch ms from which LinkedIn accepts it. */
  releasedAt: number;
  /** Epoch ms from which LinkedIn refuses it (426). */
  sunsetAt: number;
}

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** LinkedIn publishes no release days: a version is taken as released on the first of its month. */
const firstOfMonth = (version: string) => at(`${version.slice(0, 4)}-${version.slice(4, 6)}-01`);

/**
 * Sunset dates from LinkedIn's migrations page as quoted in reference §9.6 (snapshots up to December 2026).
 * Absent on purpose: 202512 and 202608 (no source lists them) and everything after 202609, the newest version
 * confirmed released (202610 answered 426 in early October 2026). 202412–202509 are not listed by any source
 * either; all of them were sunset before December 2026 under the one-year policy.
 */
const REFERENCE_SUNSETS: Record<string, string> = {
  '202407': '2025-07-22',
  '202408': '2025-08-18',
  '202409': '2025-09-15',
  '202410': '2025-10-15',
  '202411': '2025-11-17',
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

export const DEFAULT_VERSION_TABLE: readonly VersionEntry[] = Object.entries(REFERENCE_SUNSETS).map(
  ([version, sunset]) => ({ version, releasedAt: firstOfMonth(version), sunsetAt: at(sunset) }),
);

export interface VersionTable {
  entries(): VersionEntry[];
  /** Replaces the whole table (the admin surface). */
  set(entries: VersionEntry[]): void;
  /** Released and not yet sunset at `nowMs`. */
  isActive(version: ApiVersion, nowMs: number): boolean;
  /** The newest active version at `nowMs`, if any. */
  newestActive(nowMs: number): string | undefined;
  reset(): void;
}

export function createVersionTable(initial: readonly VersionEntry[] = DEFAULT_VERSION_TABLE): VersionTable {
  let table = new Map(initial.map((entry) => [entry.version, { ...entry }]));
  const active = (entry: VersionEntry, nowMs: number) => entry.releasedAt <= nowMs && nowMs < entry.sunsetAt;
  return {
    entries: () => [...table.values()].sort((a, b) => a.version.localeCompare(b.version)),
    set(entries) {
      table = new Map(entries.map((entry) => [entry.version, { ...entry }]));
    },
    isActive(version, nowMs) {
      const entry = table.get(formatApiVersion(version));
      return entry !== undefined && active(entry, nowMs);
    },
    newestActive(nowMs) {
      return [...table.values()]
        .filter((entry) => active(entry, nowMs))
        .map((entry) => entry.version)
        .sort()
        .at(-1);
    },
    reset() {
      table = new Map(initial.map((entry) => [entry.version, { ...entry }]));
    },
  };
}

export function parseApiVersion(raw: string): ApiVersion | undefined {
  const match = /^(\d{4})(\d{2})$/.exec(raw.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year, month } : undefined;
}

export function formatApiVersion(version: ApiVersion): string {
  return `${version.year}${String(version.month).padStart(2, '0')}`;
}

/** LinkedIn echoes versions as `YYYYMM01` in 426 and 403 messages. */
export function datedVersion(version: ApiVersion): string {
  return `${formatApiVersion(version)}01`;
}

/**
 * The newest version the default table accepts at `nowMs` (for tests and the standalone summary); before the
 * table's first release or after its last sunset, the last version released by then.
 */
export function currentApiVersion(nowMs: number): string {
  const table = createVersionTable();
  const newest = table.newestActive(nowMs);
  if (newest !== undefined) return newest;
  const released = DEFAULT_VERSION_TABLE.filter((entry) => entry.releasedAt <= nowMs + DAY);
  return (released.at(-1) ?? DEFAULT_VERSION_TABLE[0])?.version ?? '202609';
}
