import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect } from 'vitest';
import { createKeyring, generateKeySpec } from '@li-bus/sealing';
import { waitFor } from '@li-bus/testkit';
import { test } from '@li-bus/testkit/fixtures';
import { createRedisClient } from '../src/redis-client.ts';
import { RECORD_LISTPACK_VALUE_BYTES } from '../src/redis-encoding.ts';
import { createRedisTokenStore } from '../src/redis-token-store.ts';

const DAY = 24 * 3600_000;

describe("token-keeper's Redis client: compact records", () => {
  test('raises hash-max-listpack-value on connect, so a record with real-size tokens is a listpack under 2 KB', async ({
    redis: server,
  }) => {
    const redis = createRedisClient(server.url, { logger: pino({ level: 'silent' }) });
    await redis.connect();
    try {
      await waitFor(async () => {
        const [, value] = await redis.config('GET', 'hash-max-listpack-value');
        return Number(value) === RECORD_LISTPACK_VALUE_BYTES || undefined;
      });
      const keyring = createKeyring(generateKeySpec('test'));
      // LinkedIn access and refresh tokens are about 350 characters.
      const seal = (prefix: string) =>
        keyring.seal(`${prefix}${randomBytes(260).toString('base64url')}`, 'conn-1');
      const now = Date.now();
      await createRedisTokenStore({ redis, prefix: 'enc' }).writeTokens(
        {
          kind: 'issued',
          version: now,
          part: {
            connectionId: 'conn-1',
            tenantId: 'tenant-1',
            member: { sub: 'sub-1', name: 'Ada Lovelace' },
            organizations: [],
            scopes: ['openid', 'profile', 'w_member_social'],
            accessToken: seal('AQV'),
            accessTokenExpiresAt: new Date(now + 60 * DAY).toISOString(),
            issuedAt: new Date(now).toISOString(),
          },
          accessExpiresAtMs: now + 60 * DAY,
          refreshToken: seal('AQX'),
          refreshExpiresAtMs: now + 365 * DAY,
        },
        now,
      );
      expect(await redis.object('ENCODING', 'enc:conn:{conn-1}')).toBe('listpack');
      expect(await redis.memory('USAGE', 'enc:conn:{conn-1}')).toBeLessThan(2048);
    } finally {
      redis.disconnect();
    }
  });
});
