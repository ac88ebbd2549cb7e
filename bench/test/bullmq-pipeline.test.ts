import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBenchInfra, type BenchInfra, type Contender } from '@li-bus/publisher/bench';
import { createBullmqContender } from '../src/bullmq-pipeline.ts';

// The comparison harness must do the same work as the publisher, or its figures mean nothing: every job ends
// in exactly one post, as the member, with the text escaped. Speed is never asserted here.
describe('BullMQ comparison harness', () => {
  let infra: BenchInfra;
  let bullmq: Contender;
  beforeAll(async () => {
    infra = await startBenchInfra('conn_bullmq_test');
    bullmq = await createBullmqContender(infra, 4);
  });
  afterAll(async () => {
    await bullmq?.close();
    await infra?.close();
  });

  it('posts each job exactly once to the emulator, with the publisher body', async () => {
    const count = 12;
    await bullmq.throughput({ round: 0, count, startSeq: 1, prefix: 't-' });
    const added = await bullmq.paced?.(0, 3, 50);
    const response = await request(`${infra.emulatorUrl}/_emulator/posts`);
    const posts = (await response.body.json()) as { author: string; commentary: string }[];
    const texts = posts.map((p) => p.commentary).sort();
    const expected = [
      ...Array.from({ length: count }, (_, n) => `Bench post 0.${n} \\(bullmq\\)`),
      ...Array.from({ length: 3 }, (_, n) => `Paced post 0.${n} \\(bullmq\\)`),
    ].sort();
    expect(texts).toEqual(expected);
    expect(new Set(posts.map((p) => p.author))).toEqual(new Set([infra.memberUrn]));
    expect(added).toHaveLength(3);
  });
});
