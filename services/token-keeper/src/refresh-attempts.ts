import type { SchedulePolicy } from './schedule-policy.ts';

export interface AttemptSlot {
  /** 1 for the first `token.refresh.due` of a cycle. */
  attempt: number;
  /** When the attempt after this one is due (ms offset from the first). */
  nextOffsetMs: number;
}

/**
 * The refresh attempt a cycle is at, `elapsedMs` after its first `token.refresh.due`. Attempt n+1 follows
 * attempt n after `refreshRetryMs * 2^(n-1)`, capped at `refreshRetryMaxMs`; a pure function of time, so every
 * replica derives the same attempt number (and the same event id) without storing a counter.
 */
export function attemptAt(
  elapsedMs: number,
  policy: Pick<SchedulePolicy, 'refreshRetryMs' | 'refreshRetryMaxMs'>,
): AttemptSlot {
  const max = Math.max(policy.refreshRetryMs, policy.refreshRetryMaxMs);
  let attempt = 1;
  let offset = 0;
  let gap = policy.refreshRetryMs;
  while (gap < max) {
    if (elapsedMs < offset + gap) return { attempt, nextOffsetMs: offset + gap };
    offset += gap;
    attempt += 1;
    gap = Math.min(gap * 2, max);
  }
  // Past the doubling phase every gap is `max`: jump straight to the slot.
  const steps = Math.max(0, Math.floor((elapsedMs - offset) / max));
  return { attempt: attempt + steps, nextOffsetMs: offset + (steps + 1) * max };
}
