/** How long deliveries of one event are retried before they are given up. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** A webhook whose deliveries have failed without a success for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 3600_000;

/**
 * The wait before the next attempt of a job `ageMs` old: attempts are due at the running sums of `delaysMs`
 * (the last delay repeating), counted from the job's creation, so restarts and deferred attempts do not shift
 * the schedule. Undefined when the next attempt would fall outside `windowMs`.
 */
export function nextRetryDelay(
  ageMs: number,
  delaysMs: readonly number[],
  windowMs: number = RETRY_WINDOW_MS,
): number | undefined {
  const steps = delaysMs.length > 0 ? delaysMs : [60_000];
  const last = Math.max(1, steps[steps.length - 1] ?? 60_000);
  let due = 0;
  for (const step of steps) {
    due += step;
    if (due > ageMs) break;
  }
  if (due <= ageMs) due += Math.ceil((ageMs - due + 1) / last) * last;
  return due > windowMs ? undefined : Math.max(0, due - ageMs);
}
