import type { Logger } from 'pino';
import { scheduleAt } from './plan-actions.ts';
import type { Schedule } from './schedule.ts';
import { policyFingerprint, type SchedulePolicy } from './schedule-policy.ts';
import type { TokenStore } from './token-store.ts';

export interface RebuildDeps {
  store: TokenStore;
  schedule: Schedule;
  policy: SchedulePolicy;
  logger: Logger;
  now: () => number;
  /** Names this replica in the rebuild lock. */
  holder: string;
  /** Records per SCAN round. */
  batchSize?: number;
}

export interface RebuildResult {
  reason: string;
  records: number;
  scheduled: number;
}

const LOCK_TTL_MS = 10 * 60_000;

/** Why the stored schedule cannot be trusted, or null when it can. */
async function staleReason(schedule: Schedule, fingerprint: string): Promise<string | null> {
  const state = await schedule.state();
  if (state.fingerprint === null) return 'never built';
  if (state.fingerprint !== fingerprint) return 'built with another policy';
  if (state.empty) return 'missing';
  return null;
}

/**
 * On start: when the schedule is missing or behind (never built, built with another policy), recomputes every
 * record's next action time from the stored records, SCAN page by page. Entries are placed only while their
 * record is unchanged and unclaimed, so replicas keep working meanwhile; one replica rebuilds at a time.
 */
export async function rebuildScheduleIfNeeded(deps: RebuildDeps): Promise<RebuildResult | null> {
  const fingerprint = policyFingerprint(deps.policy);
  const reason = await staleReason(deps.schedule, fingerprint);
  if (!reason) return null;
  if (!(await deps.schedule.lockRebuild(deps.holder, LOCK_TTL_MS))) {
    deps.logger.info({ reason }, 'schedule rebuild already running on another replica');
    return null;
  }
  const result: RebuildResult = { reason, records: 0, scheduled: 0 };
  try {
    deps.logger.info({ reason }, 'rebuilding the schedule from stored records');
    let cursor = '0';
    do {
      const page = await deps.store.scan(cursor, deps.batchSize ?? 1000);
      cursor = page.cursor;
      const now = deps.now();
      const placed = await Promise.all(
        page.records.map((record) =>
          deps.schedule.place(record.connectionId, record.revision, scheduleAt(record, now, deps.policy)),
        ),
      );
      result.records += page.records.length;
      result.scheduled += placed.filter(Boolean).length;
    } while (cursor !== '0');
    await deps.schedule.markBuilt(fingerprint);
    deps.logger.info(result, 'schedule rebuilt');
    return result;
  } finally {
    await deps.schedule.unlockRebuild(deps.holder);
  }
}
