import { describe, expect, it } from 'vitest';
import { nextRetryDelay } from './retry-schedule.ts';

const delays = [5_000, 30_000, 120_000];

describe('nextRetryDelay', () => {
  it('waits for the next running sum of the delays, counted from the job creation', () => {
    expect(nextRetryDelay(0, delays)).toBe(5_000);
    expect(nextRetryDelay(5_000, delays)).toBe(30_000);
    expect(nextRetryDelay(6_000, delays)).toBe(29_000);
    expect(nextRetryDelay(35_000, delays)).toBe(120_000);
  });

  it('repeats the last delay after the list', () => {
    expect(nextRetryDelay(155_000, delays)).toBe(120_000);
    expect(nextRetryDelay(155_000 + 120_000 + 1, delays)).toBe(119_999);
  });

  it('gives up when the next attempt falls outside the window', () => {
    expect(nextRetryDelay(0, delays, 4_000)).toBeUndefined();
    expect(nextRetryDelay(24 * 3600_000, delays)).toBeUndefined();
    expect(nextRetryDelay(24 * 3600_000 - 200_000, delays)).toBeGreaterThan(0);
  });
});
