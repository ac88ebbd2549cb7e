import { describe, expect, it } from 'vitest';
import { TransientError } from '@li-bus/messaging';
import { Deferral, PostFailure } from './failures.ts';
import { nextUtcMidnight } from './member-throttle.ts';
import { backoffSchedule, createRetryPolicy } from './retry-policy.ts';

describe('retry policy', () => {
  it('follows the backoff schedule with ±20% jitter, repeating the last step', () => {
    const low = backoffSchedule([1000, 5000], () => 0);
    const high = backoffSchedule([1000, 5000], () => 1);
    expect([low(1), low(2), low(7)]).toEqual([800, 4000, 4000]);
    expect([high(1), high(2)]).toEqual([1200, 6000]);
  });

  it('counts failures but not deferrals, and gives up after the last attempt with the last error', async () => {
    let counted = 0;
    const policy = createRetryPolicy({
      ledger: { countAttempt: async () => ++counted },
      maxAttempts: 2,
      backoffMs: () => 42,
    });
    const wait = await policy('r', new Deferral('throttled', 'wait', 1000));
    expect(wait).toBeInstanceOf(Deferral);
    expect(counted).toBe(0);
    const first = await policy('r', new Error('socket hang up'));
    expect(first).toBeInstanceOf(TransientError);
    expect(first).toMatchObject({ retryAfterMs: 42 });
    const last = await policy('r', new Error('socket hang up'));
    expect(last).toBeInstanceOf(PostFailure);
    expect(last).toMatchObject({ failureCode: 'linkedin_error', attempts: 2, retryable: false });
    expect(last.message).toMatch(/socket hang up/);
  });

  it('resets a throttle at the next 00:00 UTC', () => {
    expect(nextUtcMidnight(Date.UTC(2026, 10, 23, 23, 59, 59))).toBe(Date.UTC(2026, 10, 24));
    expect(nextUtcMidnight(Date.UTC(2026, 11, 31, 0, 0, 0))).toBe(Date.UTC(2027, 0, 1));
  });
});
