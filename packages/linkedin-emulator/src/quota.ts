import type { Clock } from './clock.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface QuotaLimits {
  perMember: number;
  perApp: number;
}

export interface QuotaSnapshot {
  /** The emulated UTC day the counters belong to, `YYYY-MM-DD`. */
  day: string;
  apps: Record<string, number>;
  members: Record<string, number>;
}

/** Daily call counters per app and per member of an app, reset at midnight UTC of the emulated clock (§9.5). */
export interface DailyQuota {
  /** Counts one call; false (and nothing counted) when either counter is already spent. */
  take(clientId: string, sub: string, limits: QuotaLimits): boolean;
  snapshot(): QuotaSnapshot;
  clear(): void;
}

export function createDailyQuota(clock: Clock): DailyQuota {
  let day = -1;
  let apps = new Map<string, number>();
  let members = new Map<string, number>();

  function roll(): void {
    const today = Math.floor(clock.now() / DAY_MS);
    if (today === day) return;
    day = today;
    apps = new Map();
    members = new Map();
  }

  return {
    take(clientId, sub, limits) {
      roll();
      const memberKey = `${clientId} ${sub}`;
      const appCount = apps.get(clientId) ?? 0;
      const memberCount = members.get(memberKey) ?? 0;
      if (appCount >= limits.perApp || memberCount >= limits.perMember) return false;
      apps.set(clientId, appCount + 1);
      members.set(memberKey, memberCount + 1);
      return true;
    },
    snapshot() {
      roll();
      return {
        day: new Date(day * DAY_MS).toISOString().slice(0, 10),
        apps: Object.fromEntries(apps),
        members: Object.fromEntries(members),
      };
    },
    clear() {
      day = -1;
    },
  };
}
