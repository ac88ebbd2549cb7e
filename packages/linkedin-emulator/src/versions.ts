/** `LinkedIn-Version: YYYYMM` and the window of active monthly versions (reference §9.6). */
export interface ApiVersion {
  year: number;
  month: number;
}

export function parseApiVersion(raw: string): ApiVersion | undefined {
  const match = /^(\d{4})(\d{2})$/.exec(raw.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? { year, month } : undefined;
}

/** LinkedIn echoes versions as `YYYYMM01` in 426 and 403 messages. */
export function datedVersion(version: ApiVersion): string {
  return `${version.year}${String(version.month).padStart(2, '0')}01`;
}

/** Active: one of the `windowMonths` months ending with the emulated current month (UTC). */
export function isActiveVersion(version: ApiVersion, nowMs: number, windowMonths: number): boolean {
  const now = new Date(nowMs);
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const requested = version.year * 12 + (version.month - 1);
  const age = current - requested;
  return age >= 0 && age < windowMonths;
}

/** The newest active version, handy for tests and the standalone summary. */
export function currentApiVersion(nowMs: number): string {
  const now = new Date(nowMs);
  return `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}
