import { describe, expect, it } from 'vitest';
import { ConfigError } from '@li-bus/service-kit';
import { generateKeySpec } from '@li-bus/sealing';
import { loadConfig } from './config.ts';

const base = { TOKEN_ENCRYPTION_KEYS: generateKeySpec('k1') };

describe('token-keeper config', () => {
  it('defaults the schedule to the design (7 d lead, 7 d/1 d and 30 d/7 d notices)', () => {
    const config = loadConfig(base);
    expect(config.policy).toEqual({
      refreshLeadMs: 7 * 86_400_000,
      refreshRetryMs: 900_000,
      refreshRetryMaxMs: 21_600_000,
      expiryNoticesMs: [7 * 86_400_000, 86_400_000],
      refreshTokenNoticesMs: [30 * 86_400_000, 7 * 86_400_000],
    });
    expect(config.scheduler).toEqual({ intervalMs: 1000, batchSize: 500, leaseMs: 60_000 });
  });

  it('reads notice lists in any order and names every bad variable', () => {
    expect(loadConfig({ ...base, EXPIRY_NOTICES_SECONDS: '3600, 86400' }).policy.expiryNoticesMs).toEqual([
      86_400_000, 3_600_000,
    ]);
    const error = (() => {
      try {
        loadConfig({ ...base, REFRESH_TOKEN_NOTICES_SECONDS: '1,x', SCHEDULER_BATCH: '0' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(
      /REFRESH_TOKEN_NOTICES_SECONDS[\s\S]*SCHEDULER_BATCH|SCHEDULER_BATCH[\s\S]*REFRESH_TOKEN_NOTICES_SECONDS/,
    );
  });
});
