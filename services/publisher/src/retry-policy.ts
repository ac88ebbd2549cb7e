import { TransientError } from '@li-bus/messaging';
import { classify, Deferral, failureCodeOf, PostFailure } from './failures.ts';
import type { PublishLedger } from './ledger.ts';

export interface RetryPolicyDeps {
  ledger: Pick<PublishLedger, 'countAttempt'>;
  maxAttempts: number;
  /** Delay before attempt n+1 after n failed attempts (the backoff schedule). */
  backoffMs(failedAttempts: number): number;
}

/**
 * Backoff schedule `PUBLISH_BACKOFF_MS` (the last step repeats) with ±20% jitter, so retries of many
 * requests failing together spread out.
 */
export function backoffSchedule(steps: number[], random: () => number = Math.random) {
  return (failedAttempts: number) => {
    const base = steps[Math.min(failedAttempts, steps.length) - 1] ?? steps[0] ?? 1000;
    return Math.round(base * (0.8 + random() * 0.4));
  };
}

/**
 * Attempts are counted in the ledger, not from the delivery count: scheduled waits (`notBefore`), a
 * throttled member and "another delivery is at it" redeliver the message without spending the budget.
 */
export function createRetryPolicy(deps: RetryPolicyDeps) {
  return async function afterFailure(requestId: string, error: unknown): Promise<Error> {
    const classified = classify(error);
    if (classified instanceof Deferral) return classified;
    const attempts = await deps.ledger.countAttempt(requestId);
    if (classified instanceof PostFailure) {
      classified.attempts = attempts;
      return classified;
    }
    if (attempts >= deps.maxAttempts) {
      const failure = new PostFailure(
        failureCodeOf(classified),
        `${classified.message} (gave up after ${attempts} attempts)`,
        { cause: classified.cause ?? classified },
      );
      failure.attempts = attempts;
      return failure;
    }
    return new TransientError(classified.code, classified.message, {
      cause: classified.cause ?? classified,
      retryAfterMs: deps.backoffMs(attempts),
    });
  };
}
