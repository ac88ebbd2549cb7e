import { describe, expect, it } from 'vitest';
import { attemptAt } from './refresh-attempts.ts';

const MIN = 60_000;
const policy = { refreshRetryMs: 15 * MIN, refreshRetryMaxMs: 60 * MIN };

describe('attemptAt', () => {
  it('doubles the gap between attempts up to the maximum', () => {
    expect(attemptAt(0, policy)).toEqual({ attempt: 1, nextOffsetMs: 15 * MIN });
    expect(attemptAt(15 * MIN, policy)).toEqual({ attempt: 2, nextOffsetMs: 45 * MIN });
    expect(attemptAt(44 * MIN, policy)).toEqual({ attempt: 2, nextOffsetMs: 45 * MIN });
    expect(attemptAt(45 * MIN, policy)).toEqual({ attempt: 3, nextOffsetMs: 105 * MIN });
    expect(attemptAt(105 * MIN, policy)).toEqual({ attempt: 4, nextOffsetMs: 165 * MIN });
    expect(attemptAt(165 * MIN + 1, policy)).toEqual({ attempt: 5, nextOffsetMs: 225 * MIN });
  });

  it('jumps straight to far slots', () => {
    expect(attemptAt(7 * 24 * 60 * MIN, policy).attempt).toBe(3 + Math.floor((7 * 24 * 60 - 45) / 60));
  });

  it('handles a retry gap at or above the maximum', () => {
    expect(attemptAt(0, { refreshRetryMs: 60 * MIN, refreshRetryMaxMs: 30 * MIN })).toEqual({
      attempt: 1,
      nextOffsetMs: 60 * MIN,
    });
    expect(attemptAt(130 * MIN, { refreshRetryMs: 60 * MIN, refreshRetryMaxMs: 30 * MIN }).attempt).toBe(3);
  });
});
