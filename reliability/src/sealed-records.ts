// token-keeper's Redis records as a scenario sees them: the sealed tokens of a connection, and a swap of one
// connection's sealed tokens into another's record (what an attacker with Redis write access could do).
import { Redis } from 'ioredis';

export interface SealedTokens {
  key: string;
  accessToken: string;
  refreshToken: string | undefined;
}

async function recordKey(redis: Redis, connectionId: string): Promise<string> {
  const [key, ...more] = await redis.keys(`*:conn:{${connectionId}}`);
  if (!key || more.length) throw new Error(`expected one Redis record for ${connectionId}`);
  return key;
}

export async function readSealedTokens(redisUrl: string, connectionId: string): Promise<SealedTokens> {
  const redis = new Redis(redisUrl);
  try {
    const key = await recordKey(redis, connectionId);
    const [record, rt] = await redis.hmget(key, 'record', 'rt');
    const accessToken = (JSON.parse(record ?? '{}') as { accessToken?: string }).accessToken;
    if (!accessToken) throw new Error(`no sealed access token in ${key}`);
    return { key, accessToken, refreshToken: rt || undefined };
  } finally {
    await redis.quit();
  }
}

/** Writes `from`'s sealed access and refresh tokens into `to`'s record, leaving everything else as it was. */
export async function swapSealedTokens(redisUrl: string, from: string, to: string): Promise<void> {
  const source = await readSealedTokens(redisUrl, from);
  const redis = new Redis(redisUrl);
  try {
    const key = await recordKey(redis, to);
    const record = JSON.parse((await redis.hget(key, 'record')) ?? '{}') as Record<string, unknown>;
    record['accessToken'] = source.accessToken;
    await redis.hset(
      key,
      'record',
      JSON.stringify(record),
      ...(source.refreshToken ? ['rt', source.refreshToken] : []),
    );
  } finally {
    await redis.quit();
  }
}
