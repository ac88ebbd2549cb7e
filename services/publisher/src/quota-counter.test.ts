import { describe, expect, it } from 'vitest';
import { ttlUntilReset } from './quota-counter.ts';

describe('ttlUntilReset', () => {
  it('lasts until the next 00:00 UTC plus an hour', () => {
    expect(ttlUntilReset(Date.parse('2026-12-07T23:00:00.000Z'))).toBe('7200s');
    expect(ttlUntilReset(Date.parse('2026-12-07T00:00:00.000Z'))).toBe(`${25 * 3600}s`);
    expect(ttlUntilReset(Date.parse('2026-12-31T23:59:59.500Z'))).toBe('3601s');
  });
});
