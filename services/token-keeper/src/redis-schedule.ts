import type { Redis } from 'ioredis';
import { MARKER_FIELDS } from './record-fields.ts';
import { createRedisKeys } from './redis-keys.ts';
import { createRedisScript } from './redis-script.ts';
import type { CommitOutcome, Schedule } from './schedule.ts';
import { CLAIM_DUE, COMMIT, PLACE } from './schedule-scripts.ts';
import type { NoticeMarkers } from './token-record.ts';

const COMMIT_OUTCOMES: Record<number, CommitOutcome> = {
  [-2]: 'lost',
  [-1]: 'gone',
  0: 'changed',
  1: 'committed',
};

const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function createRedisSchedule({ redis, prefix = 'tk' }: { redis: Redis; prefix?: string }): Schedule {
  const keys = createRedisKeys(prefix);
  const claim = createRedisScript(redis, CLAIM_DUE);
  const place = createRedisScript(redis, PLACE);
  const commit = createRedisScript(redis, COMMIT);
  const unlock = createRedisScript(redis, UNLOCK);

  return {
    async place(id, revision, at) {
      const placed = await place([keys.record(id), keys.schedule, keys.leases], [id, revision, at ?? '']);
      return placed === 1;
    },
    async claimDue(now, limit, leaseMs) {
      const lease = now + leaseMs;
      const ids = (await claim([keys.schedule, keys.leases], [now, limit, lease])) as string[];
      return { connectionIds: ids, lease };
    },
    async commit(c) {
      const markers = (Object.entries(c.markers) as [keyof NoticeMarkers, string][]).flatMap(
        ([name, value]) => [MARKER_FIELDS[name], value],
      );
      const reply = (await commit(
        [keys.record(c.connectionId), keys.schedule, keys.leases],
        [c.connectionId, c.lease, c.revision, c.nextAt ?? '', c.expire ? '1' : '0', c.now, ...markers],
      )) as number;
      return COMMIT_OUTCOMES[reply] ?? 'lost';
    },
    async nextActionAt(id) {
      const score = await redis.zscore(keys.schedule, id);
      return score === null ? null : Number(score);
    },
    async size() {
      const [scheduled, leased] = await Promise.all([redis.zcard(keys.schedule), redis.zcard(keys.leases)]);
      return { scheduled, leased };
    },
    async state() {
      const [fingerprint, entries] = await Promise.all([
        redis.hget(keys.scheduleMeta, 'fingerprint'),
        redis.exists(keys.schedule, keys.leases),
      ]);
      return { fingerprint, empty: entries === 0 };
    },
    async markBuilt(fingerprint) {
      await redis.hset(keys.scheduleMeta, 'fingerprint', fingerprint, 'builtAt', new Date().toISOString());
    },
    async lockRebuild(holder, ttlMs) {
      return (await redis.set(keys.rebuildLock, holder, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async unlockRebuild(holder) {
      await unlock([keys.rebuildLock], [holder]);
    },
  };
}
