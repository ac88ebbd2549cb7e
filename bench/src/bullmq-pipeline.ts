// "What a user would otherwise pick": the same post pipeline as a plain BullMQ worker on Redis. A queue of post
// jobs (jobId = requestId, so a repeated add is dropped); per job the worker reads the connection's record from
// Redis (JSON with the access token sealed by @li-bus/sealing, as token-keeper stores it), opens the token,
// builds the same body as the publisher and POSTs it with the publisher's own LinkedIn client (same headers),
// then completes. Measured as one more contender in the publisher's pipeline rounds.
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { PostRequested } from '@li-bus/contracts';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { startRedis } from '@li-bus/testkit';
import {
  buildPostBody,
  countdown,
  createPostsClient,
  pace,
  type ContenderFactory,
} from '@li-bus/publisher/bench';

export const BULLMQ_QUEUE = 'posts';

interface PostJob {
  requestId: string;
  connectionId: string;
  text: string;
}

interface StoredConnection {
  accessToken: string;
  member: { sub: string };
}

const recordKey = (connectionId: string) => `bench:conn:${connectionId}`;

export const createBullmqContender: ContenderFactory = async (infra, concurrency) => {
  // Append-only on (fsync every second, Redis's default for AOF), as a production BullMQ would run.
  const server = await startRedis({ appendOnly: true });
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const record: StoredConnection = {
    accessToken: infra.keyring.seal(infra.accessToken, infra.connectionId),
    member: { sub: infra.memberUrn.slice('urn:li:person:'.length) },
  };
  await redis.set(recordKey(infra.connectionId), JSON.stringify(record));
  const queue = new Queue<PostJob>(BULLMQ_QUEUE, { connection: redis });
  const posts = createPostsClient({
    apiBase: infra.emulatorUrl,
    version: currentApiVersion(Date.now()),
    timeoutMs: 15_000,
  });
  let beforeCreate: ((job: PostJob) => void) | undefined;

  async function postJob(job: Job<PostJob>): Promise<string> {
    const raw = await redis.get(recordKey(job.data.connectionId));
    if (!raw) throw new Error('connection_not_found');
    const stored = JSON.parse(raw) as StoredConnection;
    const token = infra.keyring.open(stored.accessToken, job.data.connectionId);
    const post: PostRequested = { ...job.data, visibility: 'PUBLIC' };
    const body = buildPostBody(post, `urn:li:person:${stored.member.sub}`, undefined);
    beforeCreate?.(job.data);
    return posts.create(token, body);
  }

  /** Runs a fresh worker until `count` jobs whose id starts with `prefix` completed; returns ms. */
  async function running(prefix: string, count: number, during?: () => Promise<void>): Promise<number> {
    const all = countdown(count);
    const worker = new Worker<PostJob>(BULLMQ_QUEUE, postJob, {
      connection: redis,
      concurrency,
      autorun: false,
    });
    worker.on('completed', (job) => {
      if (job.data.requestId.startsWith(prefix)) all.mark();
    });
    worker.on('failed', (job, error) => console.error(`bullmq job ${job?.id} failed`, error));
    const started = performance.now();
    void worker.run();
    await during?.();
    await all.done;
    const ms = performance.now() - started;
    await worker.close();
    return ms;
  }

  const job = (requestId: string, text: string) => ({
    name: 'post',
    data: { requestId, connectionId: infra.connectionId, text },
    opts: { jobId: requestId },
  });

  return {
    async throughput(batch) {
      const prefix = `bullmq-${batch.prefix}`;
      for (let n = 0; n < batch.count; n += 1000) {
        const ids = Array.from({ length: Math.min(1000, batch.count - n) }, (_, k) => n + k);
        await queue.addBulk(ids.map((i) => job(`${prefix}${i}`, `Bench post ${batch.round}.${i} (bullmq)`)));
      }
      return running(prefix, batch.count);
    },
    async paced(round, count, rate) {
      const prefix = `bullmq-paced-r${round}-`;
      const sentAt = new Map<string, number>();
      const added: number[] = [];
      beforeCreate = (data) => added.push(performance.now() - (sentAt.get(data.requestId) ?? NaN));
      await running(prefix, count, () =>
        pace(count, rate, async (n) => {
          const { name, data, opts } = job(`${prefix}${n}`, `Paced post ${round}.${n} (bullmq)`);
          sentAt.set(data.requestId, performance.now());
          await queue.add(name, data, opts);
        }),
      );
      beforeCreate = undefined;
      return added;
    },
    async close() {
      await queue.close();
      await redis.quit();
      await server.close();
    },
  };
};
