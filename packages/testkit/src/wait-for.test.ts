import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.ts';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing check as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 2) throw new Error('not yet');
        return 'ok';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ok');
  });

  it('times out with its message and the last error as cause', async () => {
    const started = Date.now();
    const failure = waitFor(
      () => {
        throw new Error('still down');
      },
      { timeoutMs: 100, intervalMs: 10, message: 'server never came up' },
    );
    await expect(failure).rejects.toThrow('server never came up');
    await expect(failure).rejects.toHaveProperty('cause.message', 'still down');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('has a default timeout message', async () => {
    await expect(waitFor(() => false, { timeoutMs: 20 })).rejects.toThrow(/within 20 ms/);
  });
});
