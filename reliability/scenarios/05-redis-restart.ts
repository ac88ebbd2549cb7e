// Issue #9, scenario 5: redis-server (appendonly yes, appendfsync everysec as deploy/ and docker-compose ship
// it) is killed with SIGKILL and started again on the same data: every token record and schedule entry is
// intact, and token-keeper answers `tokens.get` again after it reconnects.
import { Redis } from 'ioredis';
import { requestTokens, TokensGetError } from '@li-bus/token-keeper-client';
import { waitFor } from '@li-bus/testkit';
import { defineScenario } from '../src/scenario.ts';
import { connectMembers } from '../src/connect-members.ts';
import { diffSnapshots, snapshotRedis, type RedisSnapshot } from '../src/redis-snapshot.ts';
import { seedConnections } from '../src/seed-connections.ts';
import { startReliabilitySystem } from '../src/reliability-system.ts';
import { startRestartableServer } from '../src/restartable-server.ts';
import { sealedTokensOf } from '../src/sealed-tokens.ts';

const SIZES = {
  fast: { members: 4, seeded: 300, inFlight: 200 },
  full: { members: 20, seeded: 5_000, inFlight: 2_000 },
};
const SCHEDULE_KEY = 'tk:schedule';

const isRecord = (key: string) => key.includes(':conn:');
const count = (snapshot: RedisSnapshot, keep: (key: string) => boolean) =>
  [...snapshot.keys()].filter(keep).length;
const scheduleEntries = (snapshot: RedisSnapshot) =>
  (JSON.parse(snapshot.get(SCHEDULE_KEY)?.split('|').slice(2).join('|') ?? '[]') as string[]).length / 2;

export default defineScenario({
  id: '05-redis-restart',
  title: 'Redis (append-only) killed and restarted: token records and schedule intact',
  fast: true,
  async run({ scale, log }) {
    const size = SIZES[scale];
    const redisServer = await startRestartableServer('redis');
    const client = () => new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
    let redis = client();
    const system = await startReliabilitySystem({ redisUrl: redisServer.url }).catch(
      async (error: unknown) => {
        redis.disconnect();
        await redisServer.close();
        throw error;
      },
    );
    try {
      const fsync = (await redis.config('GET', 'appendfsync'))[1];
      if (fsync !== 'everysec') throw new Error(`redis-server runs with appendfsync ${fsync}, not everysec`);
      const members = await connectMembers({
        gatewayUrl: system.gatewayUrl,
        emulatorUrl: system.emulator.url,
        nc: system.nc,
        count: size.members,
      });
      const seeded = await seedConnections({
        nc: system.nc,
        tokenEncryptionKeys: system.tokenEncryptionKeys,
        count: size.seeded,
        prefix: `seed-${Date.now().toString(36)}`,
      });
      const connectionIds = [...members.map((m) => m.connectionId), ...seeded];
      await waitFor(async () => (await redis.zcard(SCHEDULE_KEY)) >= connectionIds.length, {
        timeoutMs: 120_000,
        intervalMs: 250,
        message: 'token-keeper did not store and schedule every connection',
      });
      const tokensBefore = await sealedTokensOf(system.nc, connectionIds);
      // appendfsync everysec: what was written more than a second ago is on disk.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const before = await snapshotRedis(redis);
      log(`${connectionIds.length} connections stored (${before.size} keys); SIGKILL redis-server`);

      redis.disconnect();
      await redisServer.kill('SIGKILL');
      const killedAt = Date.now();
      await redisServer.start();
      const redisBackMs = Date.now() - killedAt;
      redis = client();
      const after = await snapshotRedis(redis);
      const diff = diffSnapshots(before, after);
      const firstAnswer = connectionIds[0] ?? '';
      // Answered means token-keeper replied (a token, or a service error such as not_found), not a timeout.
      const answers = () =>
        requestTokens(system.nc, firstAnswer).then(
          () => true,
          (error: unknown) => error instanceof TokensGetError && error.code === 'not_found',
        );
      await waitFor(answers, {
        timeoutMs: 30_000,
        intervalMs: 50,
        message: 'token-keeper did not answer tokens.get after Redis came back',
      });
      const answeringAgainMs = Date.now() - killedAt;
      const tokensAfter = await sealedTokensOf(system.nc, connectionIds);
      const same = connectionIds.filter(
        (id) => tokensAfter.get(id) !== undefined && tokensAfter.get(id) === tokensBefore.get(id),
      ).length;

      // A second crash with writes in flight: token.issued events keep coming while redis-server is killed.
      // token-keeper acknowledges an event only once it is written, so every one must be stored in the end.
      const total = () => redis.zcard(SCHEDULE_KEY);
      const inFlight = seedConnections({
        nc: system.nc,
        tokenEncryptionKeys: system.tokenEncryptionKeys,
        count: size.inFlight,
        prefix: `inflight-${Date.now().toString(36)}`,
        concurrency: 4,
      });
      const storedAtKill = await waitFor(
        async () => {
          const stored = (await total()) - connectionIds.length;
          return stored >= size.inFlight * 0.25 ? stored : 0;
        },
        { timeoutMs: 60_000, intervalMs: 20 },
      );
      redis.disconnect();
      await redisServer.kill('SIGKILL');
      const secondKillAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await redisServer.start();
      redis = client();
      const inFlightIds = await inFlight;
      await waitFor(async () => (await total()) >= connectionIds.length + inFlightIds.length, {
        timeoutMs: 90_000,
        intervalMs: 250,
      }).catch(() => log('not every event written around the second crash was stored in time'));
      const secondRecoveryMs = Date.now() - secondKillAt;
      const inFlightStored = (await sealedTokensOf(system.nc, inFlightIds)).size;
      if (diff.missing.length + diff.changed.length > 0) {
        log(`missing ${diff.missing.slice(0, 5).join(', ')}; changed ${diff.changed.slice(0, 5).join(', ')}`);
      }
      return [
        { name: 'connections (connect flow + token.issued)', value: connectionIds.length },
        { name: 'token records before', value: count(before, isRecord), bar: { eq: connectionIds.length } },
        { name: 'token records after', value: count(after, isRecord), bar: { eq: connectionIds.length } },
        {
          name: 'schedule entries before',
          value: scheduleEntries(before),
          bar: { eq: connectionIds.length },
        },
        { name: 'schedule entries after', value: scheduleEntries(after), bar: { eq: connectionIds.length } },
        { name: 'keys before', value: before.size },
        { name: 'keys missing after restart', value: diff.missing.length, bar: { eq: 0 } },
        { name: 'keys changed after restart', value: diff.changed.length, bar: { eq: 0 } },
        { name: 'keys added after restart', value: diff.added.length },
        { name: 'tokens.get answered before', value: tokensBefore.size, bar: { eq: connectionIds.length } },
        {
          name: 'tokens.get answered after reconnect',
          value: tokensAfter.size,
          bar: { eq: connectionIds.length },
        },
        { name: 'same sealed token after', value: same, bar: { eq: connectionIds.length } },
        { name: 'token.issued events around a second SIGKILL', value: inFlightIds.length },
        { name: 'of those, stored before the SIGKILL', value: storedAtKill },
        {
          name: 'of those, stored and answered by tokens.get',
          value: inFlightStored,
          bar: { eq: inFlightIds.length },
        },
        { name: 'SIGKILL to redis-server ready', value: redisBackMs / 1000, unit: 's' },
        { name: 'SIGKILL to tokens.get answered again', value: answeringAgainMs / 1000, unit: 's' },
        { name: 'second SIGKILL to every event stored', value: secondRecoveryMs / 1000, unit: 's' },
      ];
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- service log tail ---\n${system.logTail()}`, {
        cause: error,
      });
    } finally {
      redis.disconnect();
      await system.close();
      await redisServer.close();
    }
  },
});
