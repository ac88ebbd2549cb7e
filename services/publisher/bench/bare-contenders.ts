import { jetstream } from '@nats-io/jetstream';
import { SUBJECTS } from '@li-bus/contracts';
import { currentApiVersion } from '@li-bus/linkedin-emulator';
import { createBarePoster, runBareLoop } from './bare-loops.ts';
import type { ContenderFactory } from './contender.ts';
import { pace } from './pace.ts';

/** The floor for scale: consume each stored request and ack it, nothing else. */
export const createBareAckContender: ContenderFactory = async (infra, concurrency) => ({
  throughput: (batch) =>
    runBareLoop({
      nc: infra.nc,
      durable: `bench_ack_${batch.round}`,
      subject: SUBJECTS.postRequested,
      count: batch.count,
      concurrency,
      startSeq: batch.startSeq,
    }),
  close: async () => undefined,
});

/** The unavoidable work: consume, one `POST /rest/posts` with the plaintext token, ack. */
export const createBarePostContender: ContenderFactory = async (infra, concurrency) => {
  const version = currentApiVersion(Date.now());
  const poster = createBarePoster(infra.emulatorUrl, infra.accessToken, infra.memberUrn, version);
  const js = jetstream(infra.nc);
  return {
    throughput: (batch) =>
      runBareLoop({
        nc: infra.nc,
        durable: `bench_post_${batch.round}`,
        subject: SUBJECTS.postRequested,
        count: batch.count,
        concurrency,
        startSeq: batch.startSeq,
        work: (m) => poster.post(`${m.json<{ text: string }>().text} (bare)`),
      }),
    async paced(round, count, rate) {
      const subject = `post.bench-paced-${round}`;
      const sentAt = new Map<number, number>();
      const added: number[] = [];
      const loop = runBareLoop({
        nc: infra.nc,
        durable: `bench_paced_${round}`,
        subject,
        count,
        concurrency,
        work: async (m) => {
          const n = m.json<{ n: number }>().n;
          added.push(performance.now() - (sentAt.get(n) ?? NaN));
          await poster.post(`Paced bare ${round}.${n}`);
        },
      });
      await pace(count, rate, async (n) => {
        sentAt.set(n, performance.now());
        await js.publish(subject, JSON.stringify({ n }));
      });
      await loop;
      return added;
    },
    close: () => poster.close(),
  };
};
